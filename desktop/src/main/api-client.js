'use strict';
/**
 * Client for the Cloud API (`/api/v1`), used by the Electron main process and the headless CLI.
 *
 * All methods are async, send and receive JSON (except `download`, which returns the ZIP as a Buffer)
 * and throw:
 *  - `AuthError` (status 401, message "Please log in again"): the token is dropped and `onUnauthorized()` is called;
 *  - `ApiError` for any other error answer: `message` is the Cloud's `detail` as is, or a readable join of a
 *    422 validation array;
 *  - `NetworkError` when the Cloud cannot be reached (after `retries` attempts with exponential backoff).
 *
 * The token is never logged and never part of an error message.
 */

const API_PREFIX = '/api/v1';
const REQUEST_TIMEOUT_MS = 30_000;
const DOWNLOAD_TIMEOUT_MS = 120_000;
const RETRY_BASE_MS = 250;
/** Gateway answers meaning "the Cloud is not there right now": worth retrying an idempotent request. */
const RETRYABLE_STATUS = new Set([502, 503, 504]);
/** Errors where the request certainly never reached the server, so even a POST may be retried. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

class ApiError extends Error {
  /** @param {number} status HTTP status (0 when there was no answer) @param {string} message @param {unknown} [body] */
  constructor(status, message, body) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
  }
}

class AuthError extends ApiError {
  constructor(body, message = 'Please log in again') {
    super(401, message, body);
    this.name = 'AuthError';
  }
}

class NetworkError extends ApiError {
  /** @param {string} message @param {{status?: number, cause?: unknown}} [options] */
  constructor(message, { status = 0, cause } = {}) {
    super(status, message);
    this.name = 'NetworkError';
    if (cause !== undefined) this.cause = cause;
  }
}

/** The Cloud's error text: FastAPI's `detail` string, or its 422 array joined into one readable line. */
function describeError(status, body, statusText) {
  const detail = body && typeof body === 'object' ? body.detail : undefined;
  if (typeof detail === 'string' && detail) return detail;
  if (Array.isArray(detail) && detail.length) {
    return detail
      .map((item) => {
        if (!item || typeof item !== 'object') return String(item);
        const loc = Array.isArray(item.loc) ? item.loc.filter((part) => part !== 'body').join('.') : '';
        return loc ? `${loc}: ${item.msg}` : String(item.msg);
      })
      .join('; ');
  }
  if (typeof body === 'string' && body.trim() && body.length < 300) return body.trim();
  return `Request failed: ${status} ${statusText || ''}`.trim();
}

function errorCode(error) {
  let current = error;
  for (let depth = 0; current && depth < 5; depth += 1) {
    if (current.code) return current.code;
    current = current.cause;
  }
  return undefined;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

class ApiClient {
  /**
   * @param {object} options
   * @param {string} options.baseUrl Cloud address, e.g. "http://127.0.0.1:8000" (without /api/v1).
   * @param {string|null} [options.token] JWT from a previous login.
   * @param {() => void} [options.onUnauthorized] Called after a 401 dropped the token.
   * @param {number} [options.retries] Attempts for idempotent requests on network/gateway errors.
   * @param {typeof fetch} [options.fetchImpl]
   */
  constructor({ baseUrl, token = null, onUnauthorized = () => {}, retries = 3, fetchImpl = fetch } = {}) {
    if (!baseUrl) throw new TypeError('ApiClient needs a baseUrl');
    this.baseUrl = String(baseUrl).replace(/\/+$/, '');
    this._token = token || null;
    this.onUnauthorized = onUnauthorized;
    this.retries = Math.max(1, retries);
    this.fetchImpl = fetchImpl;
  }

  get token() {
    return this._token;
  }

  /** @param {string|null} token */
  setToken(token) {
    this._token = token || null;
  }

  /**
   * One API call. `idempotent` requests are retried on network errors and 502/503/504; others only when the
   * connection was refused (the request never arrived).
   * @returns {Promise<any>} parsed JSON (null for an empty body) or a Buffer when `raw`.
   */
  async _request(method, path, { body, query, raw = false, auth = true, timeoutMs = REQUEST_TIMEOUT_MS } = {}) {
    const url = new URL(API_PREFIX + path, this.baseUrl + '/');
    for (const [key, value] of Object.entries(query || {})) {
      if (value !== undefined && value !== null) url.searchParams.set(key, String(value));
    }
    const headers = { Accept: raw ? 'application/zip, application/json' : 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (auth && this._token) headers.Authorization = `Bearer ${this._token}`;
    const idempotent = method === 'GET' || method === 'DELETE';

    let lastError;
    for (let attempt = 0; attempt < this.retries; attempt += 1) {
      if (attempt > 0) await sleep(RETRY_BASE_MS * 2 ** (attempt - 1));
      let response;
      try {
        response = await this.fetchImpl(url, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const code = errorCode(error);
        const timedOut = error && (error.name === 'TimeoutError' || error.name === 'AbortError');
        lastError = new NetworkError(
          timedOut
            ? `The Cloud at ${this.baseUrl} did not answer in time`
            : `Cannot reach the Cloud at ${this.baseUrl}${code ? ` (${code})` : ''}`,
          { cause: error },
        );
        if (idempotent || NOT_SENT_CODES.has(code)) continue;
        throw lastError;
      }
      if (RETRYABLE_STATUS.has(response.status) && idempotent) {
        await response.arrayBuffer().catch(() => undefined);
        lastError = new NetworkError(`The Cloud is unavailable (${response.status}); try again later`, {
          status: response.status,
        });
        continue;
      }
      return this._handle(response, raw, auth);
    }
    throw lastError;
  }

  async _handle(response, raw, authenticated) {
    if (response.ok) {
      if (raw) return Buffer.from(await response.arrayBuffer());
      const text = await response.text();
      return text ? JSON.parse(text) : null;
    }
    const text = await response.text().catch(() => '');
    let body = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // Not JSON (a proxy's HTML page): keep the text for the message.
    }
    if (response.status === 401 && !authenticated) {
      // A refused login or registration: the Cloud's reason ("wrong email or password") is the message.
      throw new AuthError(body, describeError(401, body, response.statusText));
    }
    if (response.status === 401) {
      this._token = null;
      this.onUnauthorized();
      throw new AuthError(body);
    }
    throw new ApiError(response.status, describeError(response.status, body, response.statusText), body);
  }

  /** Create an account. @returns {Promise<object>} the Cloud's user object. */
  register(email, password) {
    return this._request('POST', '/auth/register', { body: { email, password }, auth: false });
  }

  /** Log in with a JSON body; keeps and returns the access token. */
  async login(email, password) {
    const answer = await this._request('POST', '/auth/login', { body: { email, password }, auth: false });
    const token = answer && (answer.access_token || answer.token);
    if (!token) throw new ApiError(0, 'The Cloud answered the login without a token', null);
    this._token = token;
    return token;
  }

  me() {
    return this._request('GET', '/auth/me');
  }

  /** Start a generation job. @returns {Promise<{project_id: string, job_id: string, status: string}>} */
  generate(prompt, name) {
    const body = { prompt };
    if (name) body.name = name;
    return this._request('POST', '/generate-from-prompt', { body });
  }

  listProjects({ limit, offset } = {}) {
    return this._request('GET', '/projects', { query: { limit, offset } });
  }

  getProject(id) {
    return this._request('GET', `/projects/${encodeURIComponent(id)}`);
  }

  /** @returns {Promise<{status: string, error?: string|null, version?: number}>} */
  getStatus(id) {
    return this._request('GET', `/projects/${encodeURIComponent(id)}/status`);
  }

  /** The project ZIP (current version unless `version` is given). @returns {Promise<Buffer>} */
  download(id, { version } = {}) {
    return this._request('GET', `/projects/${encodeURIComponent(id)}/download`, {
      query: { version },
      raw: true,
      timeoutMs: DOWNLOAD_TIMEOUT_MS,
    });
  }

  /** Post a VerificationReport (contract §2.1). @returns {Promise<{status, action_required, message, report_id?}>} */
  verifyReport(id, report) {
    return this._request('POST', `/projects/${encodeURIComponent(id)}/verify-report`, { body: report });
  }

  /** Ask for an automatic fix (contract §2.2). */
  fix(id, { report_id, attempt_number, failed_tests }) {
    return this._request('POST', `/projects/${encodeURIComponent(id)}/fix`, {
      body: { report_id, attempt_number, failed_tests },
    });
  }

  deleteProject(id) {
    return this._request('DELETE', `/projects/${encodeURIComponent(id)}`);
  }

  health() {
    return this._request('GET', '/health', { auth: false });
  }
}

module.exports = { ApiClient, ApiError, AuthError, NetworkError };
