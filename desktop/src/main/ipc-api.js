'use strict';
// The desktop app's API, independent of the transport: Electron IPC (main.js)
// and the browser-mode HTTP bridge both call `api.invoke(channel, args)` and
// forward `api.events` ('event') to the UI, so the UI behaves the same in both.
//
// Every call resolves to an envelope and never rejects:
//   { ok: true, value }  |  { ok: false, error: { code, message, status? } }
// (Errors lose their properties across Electron's contextBridge; an envelope
// keeps the code the UI needs, e.g. 'unauthorized' -> show the login screen.)

const { EventEmitter } = require('node:events');
const { randomUUID } = require('node:crypto');

// The Cloud accepts prompts of up to 20,000 characters (GenerateRequest.prompt).
const MAX_PROMPT_CHARS = 20000;
const MAX_LOG_LINES = 2000;
const NAME_RE = /^[a-z][a-z0-9_-]{0,62}$/;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

class InvalidInput extends Error {}

// The calls the preload and the browser shim expose (both hard-code this list
// because a sandboxed preload cannot require it; test/main-glue.test.js checks).
const CHANNELS = [
  'auth.status', 'auth.register', 'auth.login', 'auth.logout', 'auth.setTokenPersistence',
  'projects.list', 'projects.get', 'projects.delete',
  'run.start', 'run.verify', 'run.stop', 'run.list',
  'app.deployments', 'app.openDocs',
];

function requireString(args, key, { max = 1000, label = key, optional = false } = {}) {
  const value = args && typeof args === 'object' ? args[key] : undefined;
  if (value === undefined || value === null || value === '') {
    if (optional) return undefined;
    throw new InvalidInput(`${label} is required`);
  }
  if (typeof value !== 'string') throw new InvalidInput(`${label} must be text`);
  if (value.length > max) throw new InvalidInput(`${label} is too long (at most ${max} characters)`);
  return value;
}

function credentials(args) {
  const email = requireString(args, 'email', { max: 254, label: 'Email' }).trim();
  if (!EMAIL_RE.test(email)) throw new InvalidInput('Email must look like name@example.com');
  const password = requireString(args, 'password', { max: 256, label: 'Password' });
  return { email, password };
}

function projectIdOf(args) {
  const id = requireString(args, 'projectId', { max: 100, label: 'Project id' });
  if (!/^[A-Za-z0-9-]+$/.test(id)) throw new InvalidInput('Project id is malformed');
  return id;
}

// Only the Swagger UI of a deployment this app is running may be opened in the
// system browser: anything else would let the renderer open arbitrary URLs.
function validateDocsUrl(raw, deployments) {
  let url;
  try {
    url = new URL(String(raw));
  } catch {
    throw new InvalidInput('Not a valid URL');
  }
  const ports = new Set(deployments.map((d) => String(d.port)));
  const ok =
    url.protocol === 'http:' &&
    url.hostname === '127.0.0.1' &&
    url.pathname === '/docs' &&
    !url.username && !url.password && !url.search && !url.hash &&
    ports.has(url.port);
  if (!ok) throw new InvalidInput('Only the /docs page of a running local deployment can be opened');
  return url.href;
}

function toErrorEnvelope(err, cloudUrl) {
  const name = err && err.name;
  if (err instanceof InvalidInput) return { code: 'invalid', message: err.message };
  if (name === 'AuthError' || (err && err.status === 401)) {
    return { code: 'unauthorized', status: 401, message: err.message || 'Please log in again' };
  }
  if (name === 'NetworkError') {
    return { code: 'network', message: err.message || `Cannot reach the Cloud at ${cloudUrl}` };
  }
  if (name === 'ApiError') return { code: 'api', status: err.status, message: err.message };
  if (name === 'AbortError') return { code: 'aborted', message: 'Stopped' };
  return null;
}

function normaliseProjectList(body) {
  if (Array.isArray(body)) return { items: body, total: body.length };
  const items = body.items || body.projects || [];
  return { items, total: typeof body.total === 'number' ? body.total : items.length };
}

/**
 * @param {object} o
 * @param {string} o.cloudUrl           root URL of the Cloud
 * @param {object} o.tokenStore         { load(), save(token), clear(), describe(), setPersist?(bool) }
 * @param {object} o.docker             a DockerManager
 * @param {Function} [o.openExternal]   opens a validated URL in the system browser
 * @param {Function} [o.ApiClient]      defaults to ./api-client
 * @param {Function} [o.runLoop]        defaults to ./run-loop
 * @param {object} [o.runOptions]       extra options passed to runLoop (poll intervals...)
 * @param {object} [o.logger]           console-like, for unexpected errors
 */
function createDesktopApi({
  cloudUrl,
  tokenStore,
  docker,
  openExternal = async () => {
    throw new InvalidInput('Opening links is not available here');
  },
  ApiClient = require('./api-client').ApiClient,
  runLoop,
  runOptions = {},
  logger = console,
}) {
  const events = new EventEmitter();
  const emit = (event) => events.emit('event', event);
  /** runId -> { state, controller } */
  const runs = new Map();
  let user = null;

  const client = new ApiClient({
    baseUrl: cloudUrl,
    token: null,
    onUnauthorized: () => {
      Promise.resolve(tokenStore.clear()).catch((e) => logger.error('token clear failed', e));
      // Only a session that was in use "expires"; a failed login is not news.
      if (user) emit({ type: 'auth', loggedIn: false, message: 'Your session expired. Please log in again.' });
      user = null;
    },
  });
  const tokenReady = Promise.resolve(tokenStore.load())
    .then((token) => token && client.setToken(token))
    .catch((e) => logger.error('could not load the saved session', e));

  function snapshot(state) {
    const { deploying: _internal, ...rest } = state;
    return { ...rest, log: rest.log.slice(), results: rest.results.slice() };
  }

  function onRunEvent(state, ev) {
    if (ev.type === 'step') {
      state.message = ev.message || '';
      if (ev.attempt !== undefined) state.attempt = ev.attempt;
      // 'error' is followed by the run's end; the stepper keeps the step that failed.
      if (ev.step !== 'error') state.step = ev.step;
      // A new verification round starts with an empty table.
      if (ev.step === 'verify') state.results = [];
    } else if (ev.type === 'log') {
      state.log.push(ev.line);
      if (state.log.length > MAX_LOG_LINES) state.log.splice(0, state.log.length - MAX_LOG_LINES);
    } else if (ev.type === 'result') {
      state.results.push(ev.result);
    } else if (ev.type === 'report') {
      state.report = ev.report;
      state.results = ev.report.results.slice();
    }
    const extra = ev.type === 'step' ? { baseUrl: state.baseUrl, projectId: state.projectId } : {};
    emit({ ...ev, ...extra, runId: state.runId });
  }

  // DockerManager has one log callback for all deployments: its lines go to
  // the run(s) deploying right now.
  function onDockerLog(line) {
    for (const { state } of runs.values()) {
      if (state.status === 'running' && state.deploying) onRunEvent(state, { type: 'log', line });
    }
  }

  // Per-run views of the client and Docker (the methods runLoop uses) that
  // tell the run its project id as soon as the Cloud accepted the prompt, and
  // its deployment's address.
  function runClient(state) {
    const view = {};
    for (const method of ['getStatus', 'getProject', 'download', 'verifyReport', 'fix']) {
      view[method] = (...args) => client[method](...args);
    }
    view.generate = async (prompt, name) => {
      const accepted = await client.generate(prompt, name);
      state.projectId = accepted.project_id;
      emit({ type: 'run', runId: state.runId, run: snapshot(state) });
      return accepted;
    };
    return view;
  }
  function runDocker(state) {
    return {
      stop: (projectId) => docker.stop(projectId),
      deploy: async (projectId, zip, options) => {
        state.deploying = true;
        state.baseUrl = null;
        try {
          const deployment = await docker.deploy(projectId, zip, options);
          state.baseUrl = deployment.baseUrl;
          return deployment;
        } finally {
          state.deploying = false;
        }
      },
    };
  }

  function startRun(kind, options) {
    const runId = randomUUID();
    const controller = new AbortController();
    const state = {
      runId, kind, prompt: options.prompt || null, name: options.name || null,
      projectId: options.projectId || null, status: 'running', step: null, attempt: 0,
      message: '', log: [], results: [], report: null, outcome: null, error: null,
      baseUrl: null, deploying: false, startedAt: new Date().toISOString(), finishedAt: null,
    };
    const finish = (status, patch) => {
      // A stop requested by the user wins over whatever the loop reports after.
      if (state.status === 'stopped') return;
      Object.assign(state, patch, { status, finishedAt: new Date().toISOString() });
      emit({ type: 'run', runId, run: snapshot(state) });
    };
    // Loaded on first use: the glue works (and is testable) without it.
    const loop = runLoop || require('./run-loop').runLoop;
    const done = loop({
      ...runOptions,
      ...options,
      client: runClient(state),
      docker: runDocker(state),
      signal: controller.signal,
      onEvent: (ev) => onRunEvent(state, ev),
    }).then(
      (result) => {
        const outcome = { passed: result.passed, action: result.action, message: result.message, attempts: result.attempts };
        finish(result.passed ? 'passed' : 'failed', {
          outcome,
          projectId: result.projectId || state.projectId,
          baseUrl: result.baseUrl || null,
          report: result.report || state.report,
          results: result.report ? result.report.results.slice() : state.results,
        });
      },
      (err) => {
        const envelope = toErrorEnvelope(err, cloudUrl);
        if (!envelope) logger.error(`run ${runId} failed`, err);
        finish('error', { baseUrl: null, error: envelope || { code: 'run', message: String((err && err.message) || err) } });
      },
    );
    runs.set(runId, { state, controller, done });
    emit({ type: 'run', runId, run: snapshot(state) });
    return { runId };
  }

  // Aborting makes the loop stop its own deployment; waiting for it means
  // "stopped" is only shown once the containers are really gone.
  async function stopRun(runId) {
    const entry = runs.get(runId);
    if (!entry) throw new InvalidInput('No such run');
    const { state, controller, done } = entry;
    if (state.status === 'running') {
      state.status = 'stopped';
      state.finishedAt = new Date().toISOString();
      controller.abort();
      await done;
    }
    if (state.projectId) await stopDeployment(state.projectId);
    state.baseUrl = null;
    emit({ type: 'run', runId, run: snapshot(state) });
    return snapshot(state);
  }

  async function stopDeployment(projectId) {
    if (docker.running().some((d) => d.projectId === projectId)) await docker.stop(projectId);
  }

  async function abortEverything() {
    const loops = [];
    for (const { state, controller, done } of runs.values()) {
      if (state.status === 'running') {
        state.status = 'stopped';
        controller.abort();
        loops.push(done);
      }
    }
    await Promise.all(loops);
    await docker.stopAll();
  }

  async function me() {
    await tokenReady;
    if (!client.token) return null;
    try {
      user = await client.me();
    } catch (err) {
      if (err && (err.name === 'AuthError' || err.status === 401)) return null;
      throw err;
    }
    return user;
  }

  const handlers = {
    'auth.status': async () => {
      const cloudReachable = await client.health().then(() => true, () => false);
      const current = cloudReachable ? await me() : null;
      return { loggedIn: Boolean(current), user: current, cloudUrl, cloudReachable, tokenStorage: tokenStore.describe() };
    },
    'auth.register': async (args) => {
      const { email, password } = credentials(args);
      await client.register(email, password);
      return handlers['auth.login']({ email, password });
    },
    'auth.login': async (args) => {
      const { email, password } = credentials(args);
      let token;
      try {
        token = await client.login(email, password);
      } catch (err) {
        if (err && err.name === 'AuthError') {
          const detail = err.body && typeof err.body.detail === 'string' ? err.body.detail : '';
          throw new InvalidInput(detail || 'Wrong email or password');
        }
        throw err;
      }
      await tokenStore.save(token);
      user = await client.me();
      return { loggedIn: true, user, cloudUrl, tokenStorage: tokenStore.describe() };
    },
    'auth.logout': async () => {
      await abortEverything();
      client.setToken(null);
      user = null;
      await tokenStore.clear();
      return { loggedIn: false };
    },
    'auth.setTokenPersistence': async (args) => {
      if (!args || typeof args.persist !== 'boolean') throw new InvalidInput('persist must be true or false');
      if (!tokenStore.setPersist) throw new InvalidInput('This storage cannot be changed');
      await tokenStore.setPersist(args.persist);
      return tokenStore.describe();
    },
    'projects.list': async (args = {}) => {
      const limit = Number.isInteger(args.limit) ? Math.min(Math.max(args.limit, 1), 100) : 50;
      const offset = Number.isInteger(args.offset) ? Math.max(args.offset, 0) : 0;
      return normaliseProjectList(await client.listProjects({ limit, offset }));
    },
    'projects.get': async (args) => client.getProject(projectIdOf(args)),
    'projects.delete': async (args) => {
      const projectId = projectIdOf(args);
      for (const { state } of runs.values()) {
        if (state.projectId === projectId && state.status === 'running') {
          throw new InvalidInput('Stop the running verification of this project first');
        }
      }
      await stopDeployment(projectId);
      await client.deleteProject(projectId);
      return { deleted: projectId };
    },
    'run.start': async (args) => {
      const prompt = requireString(args, 'prompt', { max: MAX_PROMPT_CHARS, label: 'Description' }).trim();
      if (prompt.length < 10) throw new InvalidInput('Describe your API in at least a sentence (10+ characters)');
      const name = requireString(args, 'name', { max: 63, label: 'Name', optional: true });
      const cleanName = name ? name.trim().toLowerCase() : undefined;
      if (cleanName && !NAME_RE.test(cleanName)) {
        throw new InvalidInput('Name: start with a letter; use lowercase letters, digits, "-" or "_"');
      }
      return startRun('generate', { prompt, name: cleanName });
    },
    'run.verify': async (args) => {
      const projectId = projectIdOf(args);
      for (const { state } of runs.values()) {
        if (state.projectId === projectId && state.status === 'running') return { runId: state.runId };
      }
      return startRun('verify', { projectId });
    },
    'run.stop': async (args) => stopRun(requireString(args, 'runId', { max: 100, label: 'Run id' })),
    'run.list': async () => [...runs.values()].map(({ state }) => snapshot(state)),
    'app.deployments': async () => docker.running(),
    'app.openDocs': async (args) => {
      const href = validateDocsUrl(requireString(args, 'url', { max: 200, label: 'URL' }), docker.running());
      await openExternal(href);
      return { opened: href };
    },
  };

  async function invoke(channel, args) {
    if (!Object.prototype.hasOwnProperty.call(handlers, channel)) {
      return { ok: false, error: { code: 'invalid', message: `Unknown call ${String(channel).slice(0, 60)}` } };
    }
    try {
      return { ok: true, value: await handlers[channel](args === undefined ? {} : args) };
    } catch (err) {
      const error = toErrorEnvelope(err, cloudUrl);
      if (error) return { ok: false, error };
      logger.error(`${channel} failed`, err);
      return { ok: false, error: { code: 'internal', message: 'Something went wrong. Details are in the app log.' } };
    }
  }

  return { channels: Object.keys(handlers), invoke, events, onDockerLog, shutdown: abortEverything };
}

/** A token store that forgets on exit (browser mode, or no OS keyring). */
function memoryTokenStore() {
  let token = null;
  return {
    load: () => token,
    save: (t) => { token = t; },
    clear: () => { token = null; },
    describe: () => ({ persistent: false, backend: 'memory', canPersist: false }),
  };
}

module.exports = { createDesktopApi, memoryTokenStore, validateDocsUrl, CHANNELS };
