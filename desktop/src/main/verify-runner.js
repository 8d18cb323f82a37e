'use strict';
/**
 * Verification runner (integration contract §3.2): HTTP smoke, negative and fuzz tests against a running
 * generated API, derived from the `spec` of `GET /projects/{id}` (shared/spec/project-payload.md):
 * `spec.openapi` gives the operations, request schemas and response schemas; `spec.api` gives what OpenAPI
 * cannot say (unique fields, references to other resources, which path belongs to which resource).
 *
 * Tests, in a fixed order (deterministic for a seed: same requests in the same order):
 *  health → per resource, parents first: create → get → list → update (PUT and/or PATCH) → missing required
 *  field 422 → wrong type 422 → unknown id 404 → duplicate unique value 409 → missing referenced row 404/422 →
 *  SQL injection and oversized strings in query filters and bodies (no 5xx) → seeded fuzzing (no 5xx) →
 *  delete (children first) → get after delete 404.
 * Every 2xx JSON body is validated against the operation's OpenAPI response schema. Rows the runner created
 * are deleted at the end where possible.
 *
 * Result `endpoint`s are OpenAPI path templates (`/books/{id}`), stable across runs and versions.
 */

const Ajv2020 = require('ajv/dist/2020');
const addFormats = require('ajv-formats');
const { JSONSchemaFaker: jsf } = require('json-schema-faker');
const { throwIfAborted } = require('./abort');

/** An id no freshly created database holds (and that still fits a 32-bit integer column). */
const MISSING_ID = 999999;
const INJECTION_STRINGS = ["' OR '1'='1' --", "1; DROP TABLE users; --"];
const OVERSIZED_QUERY_LENGTH = 5000;
const REQUEST_TIMEOUT_MS = 15000;
const BODY_EXCERPT = 300;
const METHODS = ['get', 'put', 'patch', 'delete', 'post'];

/** Small seeded PRNG (mulberry32): the same seed gives the same payloads. */
function seededRandom(seed) {
  let state = Number(seed) >>> 0 || 1;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------- OpenAPI helpers

function escapePointer(part) {
  return String(part).replace(/~/g, '~0').replace(/\//g, '~1');
}

function resolvePointer(doc, ref) {
  if (!ref.startsWith('#/')) throw new Error(`unsupported $ref ${ref}`);
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((node, key) => (node == null ? undefined : node[key]), doc);
}

/** The schema with every local `$ref` inlined (recursion cut at `depth`, where `{}` stands in). */
function deref(schema, doc, depth = 0) {
  if (Array.isArray(schema)) return schema.map((item) => deref(item, doc, depth));
  if (!schema || typeof schema !== 'object') return schema;
  if (depth > 12) return {};
  if (typeof schema.$ref === 'string') {
    const { $ref, ...siblings } = schema;
    return deref({ ...resolvePointer(doc, $ref), ...siblings }, doc, depth + 1);
  }
  const out = {};
  for (const [key, value] of Object.entries(schema)) out[key] = deref(value, doc, depth);
  return out;
}

/** The non-null alternative of `anyOf: [X, {type: null}]` (how OpenAPI 3.1 writes optional values). */
function mainSchema(schema) {
  if (!schema || typeof schema !== 'object') return {};
  for (const key of ['anyOf', 'oneOf']) {
    if (Array.isArray(schema[key])) {
      const choice = schema[key].find((s) => s && s.type !== 'null') || schema[key][0];
      return mainSchema({ ...choice, ...omit(schema, [key]) });
    }
  }
  if (Array.isArray(schema.allOf)) {
    return mainSchema(Object.assign({}, ...schema.allOf.map(mainSchema), omit(schema, ['allOf'])));
  }
  return schema;
}

function omit(object, keys) {
  const out = { ...object };
  for (const key of keys) delete out[key];
  return out;
}

function schemaType(schema) {
  const main = mainSchema(schema);
  if (Array.isArray(main.type)) return main.type.find((t) => t !== 'null') || 'null';
  if (main.type) return main.type;
  if (main.properties) return 'object';
  if (main.enum) return typeof main.enum[0];
  return 'any';
}

function successStatus(operation, fallback) {
  const codes = Object.keys((operation && operation.responses) || {})
    .filter((code) => /^2\d\d$/.test(code))
    .map(Number)
    .sort((a, b) => a - b);
  return codes[0] || fallback;
}

function jsonBodySchema(holder) {
  const content = holder && holder.content;
  return content && content['application/json'] && content['application/json'].schema;
}

// ---------------------------------------------------------------------------------------- The test plan

/**
 * Per resource of `spec.api`, its OpenAPI operations and relations, parents before children.
 * @returns {Array<object>}
 */
function planResources(spec) {
  const doc = spec.openapi || {};
  const paths = doc.paths || {};
  const resources = ((spec.api && spec.api.resources) || []).map((resource) => {
    const collection = resource.path || `/${String(resource.plural || `${resource.name}s`).replace(/_/g, '-')}`;
    const item = Object.keys(paths).find((key) => new RegExp(`^${escapeRegExp(collection)}/\\{[^/}]+\\}$`).test(key));
    const operations = {};
    const collect = (key, template, method) => {
      const operation = template && paths[template] && paths[template][method];
      if (operation) operations[key] = { template, method: method.toUpperCase(), operation };
    };
    collect('create', collection, 'post');
    collect('list', collection, 'get');
    collect('read', item, 'get');
    collect('put', item, 'put');
    collect('patch', item, 'patch');
    collect('delete', item, 'delete');
    const relations = resource.relations || [];
    return {
      name: resource.name,
      plural: resource.plural || `${resource.name}s`,
      collection,
      item,
      operations,
      fields: resource.fields || [],
      uniqueFields: (resource.fields || []).filter((f) => f.unique).map((f) => f.name),
      manyToOne: relations.filter((r) => r.kind === 'many_to_one' && r.field),
      manyToMany: relations.filter((r) => r.kind === 'many_to_many' && r.field),
      createSchema: operations.create ? deref(jsonBodySchema(operations.create.operation.requestBody), doc) : null,
      patchSchema: operations.patch ? deref(jsonBodySchema(operations.patch.operation.requestBody), doc) : null,
    };
  });
  return dependencyOrder(resources);
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Parents first: required references, then optional ones where they do not form a cycle. */
function dependencyOrder(resources) {
  const byName = new Map(resources.map((r) => [r.name, r]));
  const ordered = [];
  const state = new Map();
  const visit = (resource) => {
    if (state.get(resource.name)) return;
    state.set(resource.name, 'visiting');
    const targets = [
      ...resource.manyToOne.filter((r) => r.required !== false),
      ...resource.manyToOne.filter((r) => r.required === false),
      ...resource.manyToMany,
    ].map((r) => byName.get(r.target));
    for (const target of targets) if (target && target !== resource) visit(target);
    state.set(resource.name, 'done');
    ordered.push(resource);
  };
  resources.forEach(visit);
  return ordered;
}

// ---------------------------------------------------------------------------------------- Valid samples

/** Deterministic valid values from a JSON schema; `n` makes each value unique within a run. */
class Sampler {
  constructor(random) {
    this.random = random;
    this.tag = Math.floor(random() * 36 ** 4).toString(36).padStart(4, '0');
    this.counter = 0;
  }

  next() {
    this.counter += 1;
    return this.counter;
  }

  value(schema, n, name = 'value') {
    const main = mainSchema(schema);
    if (main.const !== undefined) return main.const;
    if (Array.isArray(main.enum) && main.enum.length) return main.enum[n % main.enum.length];
    switch (schemaType(main)) {
      case 'string':
        return this.string(main, n, name);
      case 'integer':
        return this.number(main, n, true);
      case 'number':
        return this.number(main, n, false);
      case 'boolean':
        return n % 2 === 0;
      case 'array':
        return Array.from({ length: main.minItems || 0 }, (_, i) => this.value(main.items || {}, n + i, name));
      case 'object':
        return this.object(main, n);
      case 'null':
        return null;
      default:
        return `${name}-${n}`;
    }
  }

  object(schema, n) {
    const out = {};
    for (const [key, property] of Object.entries(mainSchema(schema).properties || {})) {
      if (property && property.readOnly) continue;
      out[key] = this.value(property, n, key);
    }
    return out;
  }

  string(schema, n, name) {
    const unique = `${this.tag}${n}`;
    const day = String((n % 28) + 1).padStart(2, '0');
    switch (schema.format) {
      case 'email':
      case 'idn-email':
        return fit(`u${unique}@example.com`, schema, { keepEnd: false });
      case 'uri':
      case 'url':
      case 'iri':
        return `https://example.com/${name}/${unique}`;
      case 'date':
        return `2024-0${(n % 9) + 1}-${day}`;
      case 'date-time':
        return `2024-0${(n % 9) + 1}-${day}T10:${String(n % 60).padStart(2, '0')}:00Z`;
      case 'time':
        return `10:${String(n % 60).padStart(2, '0')}:00`;
      case 'uuid':
        return uuidFrom(this.random);
      default:
        break;
    }
    const text = fit(`${name.replace(/_/g, '-')}-${unique}`, schema, { keepEnd: true });
    if (matchesPattern(schema, text)) return text;
    // A pattern our text does not fit (e.g. a decimal sent as a string): json-schema-faker's job.
    jsf.option({ random: this.random, alwaysFakeOptionals: true });
    return jsf.generate({ type: 'string', pattern: schema.pattern, minLength: schema.minLength, maxLength: schema.maxLength });
  }

  number(schema, n, integer) {
    let low = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
    let high = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : low + 100000);
    if (integer) {
      low = Math.ceil(low);
      high = Math.floor(high);
    }
    if (high < low) return low;
    const span = Math.max(1, Math.floor(high - low));
    const base = low + (n % span);
    if (integer) return base;
    const withCents = base + 0.25;
    return withCents <= high ? withCents : base;
  }
}

/** Does `text` satisfy the schema's `pattern` (true when there is none or JavaScript cannot compile it)? */
function matchesPattern(schema, text) {
  if (!schema.pattern) return true;
  try {
    return new RegExp(schema.pattern, 'u').test(text);
  } catch {
    return true;
  }
}

/** Pad or cut `text` to the schema's length bounds; keep its end (the unique counter) when cutting. */
function fit(text, schema, { keepEnd }) {
  let out = text;
  const min = schema.minLength || 0;
  const max = schema.maxLength;
  if (out.length < min) out = out.padEnd(min, 'x');
  if (max !== undefined && out.length > max) out = keepEnd ? out.slice(out.length - max) : out.slice(0, max);
  return out;
}

function uuidFrom(random) {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A value of the wrong JSON type for the property, one pydantic will not coerce. */
function wrongTypeValue(schema) {
  switch (schemaType(schema)) {
    case 'string':
      return { unexpected: 'object' };
    case 'integer':
    case 'number':
      return 'not-a-number';
    case 'boolean':
      return 'not-a-boolean';
    case 'array':
      return 'not-a-list';
    case 'object':
      return 'not-an-object';
    default:
      return null;
  }
}

/** Is `got` what was sent, up to the normalisations a JSON API legitimately applies? */
function sameValue(sent, got) {
  if (sent === got) return true;
  if (sent === null || got === null || sent === undefined || got === undefined) return false;
  if (Array.isArray(sent) && Array.isArray(got)) {
    const a = sent.map(String).sort();
    const b = got.map(String).sort();
    return a.length === b.length && a.every((value, i) => value === b[i]);
  }
  if (typeof sent === 'number' || typeof got === 'number') {
    return Number.isFinite(Number(sent)) && Number(sent) === Number(got);
  }
  if (typeof sent === 'string' && typeof got === 'string') {
    const dateTime = /^\d{4}-\d\d-\d\dT\d\d:\d\d/;
    if (dateTime.test(sent) && dateTime.test(got)) return sent.slice(0, 16) === got.slice(0, 16);
    if (/^https?:\/\//.test(sent)) {
      try {
        return new URL(sent).href === new URL(got).href;
      } catch {
        return false;
      }
    }
    if (sent.includes('@')) return sent.toLowerCase() === got.toLowerCase();
  }
  return false;
}

function excerpt(value) {
  if (value === undefined) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > BODY_EXCERPT ? `${text.slice(0, BODY_EXCERPT)}…` : text;
}

function expand(template, id) {
  return template.replace(/\{[^}]+\}/, encodeURIComponent(String(id)));
}

// ---------------------------------------------------------------------------------------- The runner

class Runner {
  constructor({ baseUrl, project, seed, signal, onResult, onRequest, fuzzExamples }) {
    this.baseUrl = String(baseUrl).replace(/\/+$/, '');
    this.project = project;
    this.spec = project.spec || {};
    this.doc = this.spec.openapi || {};
    this.signal = signal;
    this.onResult = onResult;
    this.onRequest = onRequest;
    this.fuzzExamples = fuzzExamples;
    this.random = seededRandom(seed);
    this.sampler = new Sampler(this.random);
    this.results = [];
    /** resource name -> the row the lifecycle tests use ({id, body}) */
    this.rows = new Map();
    /** [resource plan, id] of extra rows to delete at the end */
    this.extras = [];
    this.ajv = new Ajv2020({ strict: false, allErrors: false, logger: false });
    addFormats(this.ajv);
    // Python serialises naive datetimes without an offset; JSON Schema's date-time demands one. Accept both.
    this.ajv.addFormat('date-time', /^\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d(:\d\d(\.\d+)?)?([Zz]|[+-]\d\d:?\d\d)?$/);
    this.ajv.addSchema(this.doc, 'openapi.json');
    this.validators = new Map();
  }

  // ---- HTTP

  async send(method, path, { query, body } = {}) {
    throwIfAborted(this.signal);
    const url = new URL(path, `${this.baseUrl}/`);
    for (const [key, value] of Object.entries(query || {})) url.searchParams.set(key, String(value));
    // A ref'd timer (not AbortSignal.timeout, whose timer is unref'd) so a stuck request can never let the
    // process go idle with the run unfinished.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
    const onAbort = () => controller.abort();
    if (this.signal) this.signal.addEventListener('abort', onAbort, { once: true });
    const started = performance.now();
    try {
      const response = await fetch(url, {
        method,
        headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: controller.signal,
      });
      const text = await response.text();
      let json;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      const result = { status: response.status, json, text, ms: performance.now() - started };
      if (this.onRequest) this.onRequest({ method, path: url.pathname + url.search, status: response.status, ms: result.ms });
      return result;
    } catch (error) {
      throwIfAborted(this.signal);
      const reason = controller.signal.aborted ? `no answer within ${REQUEST_TIMEOUT_MS / 1000} s` : (error.cause && error.cause.code) || error.message;
      throw new Error(`${method} ${url.pathname}: request failed (${reason})`);
    } finally {
      clearTimeout(timer);
      if (this.signal) this.signal.removeEventListener('abort', onAbort);
    }
  }

  // ---- Recording

  /**
   * Run one test and record its result. `run` returns {passed, status_code, error_message} and may throw
   * (a network error is a failed test, an abort ends the run).
   */
  async test({ name, category, op, method, endpoint, expected }, run) {
    throwIfAborted(this.signal);
    const started = performance.now();
    let outcome;
    try {
      outcome = await run();
    } catch (error) {
      if (error.name === 'AbortError') throw error;
      outcome = { passed: false, status_code: null, error_message: error.message };
    }
    const result = {
      test_name: name,
      endpoint: endpoint || (op && op.template),
      method: method || (op && op.method),
      passed: Boolean(outcome.passed),
      status_code: outcome.status_code ?? null,
      error_message: outcome.passed ? null : outcome.error_message || 'failed',
      expected_status: expected ?? null,
      duration_ms: Math.round(performance.now() - started),
      category,
    };
    this.results.push(result);
    if (this.onResult) this.onResult(result);
    return outcome;
  }

  /** Problems with the body of a 2xx answer: not JSON, or not valid against the declared response schema. */
  schemaProblem(op, response) {
    if (response.status < 200 || response.status >= 300 || response.status === 204) return null;
    const responses = (op.operation && op.operation.responses) || {};
    const code = String(response.status);
    const key = [code, `${code[0]}XX`, 'default'].find((k) => responses[k]);
    if (!key || !jsonBodySchema(responses[key])) return null;
    if (response.json === undefined) return `The ${code} answer is not JSON: ${excerpt(response.text)}`;
    const pointer = ['paths', op.template, op.method.toLowerCase(), 'responses', key, 'content', 'application/json', 'schema']
      .map(escapePointer)
      .join('/');
    let validate = this.validators.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `openapi.json#/${pointer}` });
      this.validators.set(pointer, validate);
    }
    if (validate(response.json)) return null;
    const error = validate.errors[0];
    return `Response does not match the OpenAPI schema: ${error.instancePath || '(body)'} ${error.message} — body ${excerpt(response.json)}`;
  }

  /** The outcome of a response checked against the expected status(es) and the response schema. */
  judge(op, response, expected, request) {
    const allowed = Array.isArray(expected) ? expected : [expected];
    const statusOk = typeof expected === 'function' ? expected(response.status) : allowed.includes(response.status);
    if (!statusOk) {
      const wanted = typeof expected === 'function' ? 'no server error' : allowed.join(' or ');
      const sent = request === undefined ? '' : ` Request: ${excerpt(request)}.`;
      return {
        passed: false,
        status_code: response.status,
        error_message: `Expected ${wanted}, got ${response.status}.${sent} Response: ${excerpt(response.json ?? response.text)}`,
      };
    }
    const problem = this.schemaProblem(op, response);
    return { passed: !problem, status_code: response.status, error_message: problem };
  }

  // ---- Payloads

  /** A valid create payload for `plan`, references pointing at the lifecycle rows of the parents. */
  payload(plan, schema = plan.createSchema) {
    const n = this.sampler.next();
    const body = this.sampler.object(schema, n);
    this.linkParents(plan, body, schema);
    return body;
  }

  linkParents(plan, body, schema) {
    const properties = mainSchema(schema).properties || {};
    for (const relation of plan.manyToOne) {
      if (!(relation.field in properties)) continue;
      const parent = this.rows.get(relation.target);
      if (parent) body[relation.field] = parent.id;
      else delete body[relation.field];
    }
    for (const relation of plan.manyToMany) {
      if (!(relation.field in properties)) continue;
      const parent = this.rows.get(relation.target);
      body[relation.field] = parent ? [parent.id] : [];
    }
  }

  missingParent(plan) {
    const relation = plan.manyToOne.find((r) => r.required !== false && !this.rows.has(r.target) && r.target !== plan.name);
    return relation ? relation.target : null;
  }

  /** POST a row we expect to be refused; if the API accepts it anyway, remember it for clean-up. */
  async post(plan, body) {
    const response = await this.send('POST', plan.collection, { body });
    if (response.status >= 200 && response.status < 300 && response.json && response.json.id !== undefined) {
      this.extras.push([plan, response.json.id]);
    }
    return response;
  }

  requiredProperties(schema) {
    return mainSchema(schema).required || [];
  }

  // ---- Tests

  async run() {
    const healthPath = this.spec.health_path || '/health';
    const health = await this.test(
      { name: `Health Check GET ${healthPath}`, category: 'health', method: 'GET', endpoint: healthPath, expected: 200 },
      async () => {
        const response = await this.send('GET', healthPath);
        return response.status === 200
          ? { passed: true, status_code: 200 }
          : { passed: false, status_code: response.status, error_message: `Expected 200, got ${response.status}: ${excerpt(response.text)}` };
      },
    );
    if (!health.passed) return;

    const plans = planResources(this.spec);
    for (const plan of plans) await this.lifecycle(plan);
    for (const plan of plans) {
      await this.validation(plan);
      await this.unknownIds(plan);
      await this.conflicts(plan);
      await this.references(plan);
      await this.injections(plan);
      await this.fuzz(plan);
    }
    for (const plan of [...plans].reverse()) await this.teardown(plan);
  }

  async lifecycle(plan) {
    const { create, read, list, put, patch } = plan.operations;
    if (!create || !plan.createSchema) return;
    const label = plan.name;
    const parent = this.missingParent(plan);
    const body = this.payload(plan);
    const expected = successStatus(create.operation, 201);
    const created = await this.test({ name: `CRUD create ${label}`, category: 'crud', op: create, expected }, async () => {
      if (parent) return { passed: false, error_message: `Not attempted: no ${parent} row to reference (creating one failed)` };
      const response = await this.send('POST', plan.collection, { body });
      const outcome = this.judge(create, response, expected, body);
      if (response.json && response.json.id !== undefined && response.status < 300) {
        this.rows.set(plan.name, { id: response.json.id, body });
      }
      return this.withEcho(outcome, body, response.json);
    });
    const row = this.rows.get(plan.name);
    if (!created.passed || !row || !plan.item) return;

    if (read) {
      const path = expand(plan.item, row.id);
      await this.test({ name: `CRUD get ${label}`, category: 'crud', op: read, expected: 200 }, async () => {
        const response = await this.send('GET', path);
        const outcome = this.judge(read, response, successStatus(read.operation, 200));
        return this.withEcho(outcome, row.body, response.json);
      });
    }
    if (list) {
      await this.test({ name: `CRUD list ${plan.plural}`, category: 'crud', op: list, expected: 200 }, async () => {
        const response = await this.send('GET', plan.collection);
        const outcome = this.judge(list, response, successStatus(list.operation, 200));
        if (!outcome.passed) return outcome;
        const items = Array.isArray(response.json) ? response.json : response.json && Object.values(response.json).find(Array.isArray);
        if (!Array.isArray(items)) return { ...outcome, passed: false, error_message: `The list answer holds no array: ${excerpt(response.json)}` };
        if (!items.some((item) => item && item.id === row.id)) {
          return { ...outcome, passed: false, error_message: `The created ${label} (id ${row.id}) is not in the list: ${excerpt(response.json)}` };
        }
        return outcome;
      });
    }
    if (put) {
      const schema = deref(jsonBodySchema(put.operation.requestBody), this.doc) || plan.createSchema;
      const update = this.payload(plan, schema);
      await this.test({ name: `CRUD update (PUT) ${label}`, category: 'crud', op: put, expected: 200 }, async () => {
        const response = await this.send('PUT', expand(plan.item, row.id), { body: update });
        const outcome = this.judge(put, response, successStatus(put.operation, 200), update);
        if (outcome.passed) row.body = { ...row.body, ...update };
        return this.withEcho(outcome, update, response.json);
      });
    }
    if (patch && plan.patchSchema) {
      const change = this.patchPayload(plan);
      if (Object.keys(change).length) {
        await this.test({ name: `CRUD update (PATCH) ${label}`, category: 'crud', op: patch, expected: 200 }, async () => {
          const response = await this.send('PATCH', expand(plan.item, row.id), { body: change });
          const outcome = this.judge(patch, response, successStatus(patch.operation, 200), change);
          if (outcome.passed) row.body = { ...row.body, ...change };
          return this.withEcho(outcome, change, response.json);
        });
      }
    }
  }

  /** One scalar field of the resource with a new valid value (references stay as they are). */
  patchPayload(plan) {
    const properties = mainSchema(plan.patchSchema).properties || {};
    const linked = new Set([...plan.manyToOne, ...plan.manyToMany].map((r) => r.field));
    const key = Object.keys(properties).find((name) => !linked.has(name) && ['string', 'integer', 'number', 'boolean'].includes(schemaType(properties[name])));
    if (!key) return {};
    return { [key]: this.sampler.value(properties[key], this.sampler.next(), key) };
  }

  echoProblem(sent, got) {
    if (!got || typeof got !== 'object') return null;
    for (const [key, value] of Object.entries(sent)) {
      if (key in got && !sameValue(value, got[key])) {
        return `Field '${key}' was sent as ${excerpt(value)} but the API returned ${excerpt(got[key])}`;
      }
    }
    return null;
  }

  withEcho(outcome, sent, got) {
    if (!outcome.passed) return outcome;
    const problem = this.echoProblem(sent, got);
    return problem ? { ...outcome, passed: false, error_message: problem } : outcome;
  }

  async validation(plan) {
    const { create } = plan.operations;
    if (!create || !plan.createSchema || this.missingParent(plan)) return;
    const properties = mainSchema(plan.createSchema).properties || {};
    for (const field of this.requiredProperties(plan.createSchema)) {
      const body = this.payload(plan);
      delete body[field];
      await this.test(
        { name: `Missing required field '${field}' on create ${plan.name} → 422`, category: 'validation', op: create, expected: 422 },
        async () => this.judge(create, await this.post(plan, body), 422, body),
      );
    }
    for (const [field, schema] of Object.entries(properties)) {
      const wrong = wrongTypeValue(schema);
      if (wrong === null) continue;
      const body = { ...this.payload(plan), [field]: wrong };
      await this.test(
        { name: `Wrong type for '${field}' on create ${plan.name} → 422`, category: 'validation', op: create, expected: 422 },
        async () => this.judge(create, await this.post(plan, body), 422, body),
      );
    }
  }

  async unknownIds(plan) {
    if (!plan.item) return;
    const path = expand(plan.item, MISSING_ID);
    for (const key of ['read', 'put', 'patch', 'delete']) {
      const op = plan.operations[key];
      if (!op) continue;
      let body;
      if (key === 'put') {
        if (this.missingParent(plan)) continue;
        body = this.payload(plan, deref(jsonBodySchema(op.operation.requestBody), this.doc) || plan.createSchema);
      }
      if (key === 'patch') body = this.patchPayload(plan);
      await this.test(
        { name: `${op.method} unknown ${plan.name} id → 404`, category: 'not_found', op, expected: 404 },
        async () => this.judge(op, await this.send(op.method, path, { body }), 404, body),
      );
    }
  }

  async conflicts(plan) {
    const { create } = plan.operations;
    const row = this.rows.get(plan.name);
    if (!create || !row) return;
    for (const field of plan.uniqueFields) {
      if (!(field in row.body)) continue;
      const body = { ...this.payload(plan), [field]: row.body[field] };
      await this.test(
        { name: `Duplicate '${field}' on create ${plan.name} → 409`, category: 'conflict', op: create, expected: 409 },
        async () => this.judge(create, await this.post(plan, body), 409, body),
      );
    }
  }

  async references(plan) {
    const { create } = plan.operations;
    if (!create || !plan.createSchema || this.missingParent(plan)) return;
    const properties = mainSchema(plan.createSchema).properties || {};
    for (const relation of [...plan.manyToOne, ...plan.manyToMany]) {
      if (!(relation.field in properties)) continue;
      const many = plan.manyToMany.includes(relation);
      const body = { ...this.payload(plan), [relation.field]: many ? [MISSING_ID] : MISSING_ID };
      await this.test(
        { name: `Missing ${relation.target} in '${relation.field}' on create ${plan.name} → 404/422`, category: 'reference', op: create, expected: 422 },
        async () => this.judge(create, await this.post(plan, body), [404, 422], body),
      );
    }
  }

  async injections(plan) {
    const { create, list } = plan.operations;
    const noServerError = (status) => status < 500;
    if (list) {
      const params = (list.operation.parameters || []).map((p) => deref(p, this.doc)).filter((p) => p && p.in === 'query');
      for (const param of params) {
        for (const [label, value] of [
          ['SQL injection', INJECTION_STRINGS[0]],
          ['Oversized string', 'x'.repeat(OVERSIZED_QUERY_LENGTH)],
        ]) {
          await this.test(
            { name: `${label} in query '${param.name}' on list ${plan.plural}`, category: 'injection', op: list },
            async () => this.judge(list, await this.send('GET', plan.collection, { query: { [param.name]: value } }), noServerError, `?${param.name}=${excerpt(value)}`),
          );
        }
      }
    }
    if (!create || !plan.createSchema || this.missingParent(plan)) return;
    const properties = mainSchema(plan.createSchema).properties || {};
    for (const [field, schema] of Object.entries(properties)) {
      const main = mainSchema(schema);
      const injected = fit(INJECTION_STRINGS[1], main, { keepEnd: false });
      if (schemaType(main) !== 'string' || main.format || main.enum || !matchesPattern(main, injected)) continue;
      const body = { ...this.payload(plan), [field]: injected };
      await this.test(
        { name: `SQL injection in '${field}' on create ${plan.name}`, category: 'injection', op: create },
        async () => {
          const response = await this.post(plan, body);
          const outcome = this.judge(create, response, noServerError, body);
          return response.status < 300 ? this.withEcho(outcome, { [field]: injected }, response.json) : outcome;
        },
      );
      if (main.maxLength !== undefined) {
        const long = { ...this.payload(plan), [field]: 'x'.repeat(main.maxLength + 1) };
        await this.test(
          { name: `Oversized '${field}' (${main.maxLength + 1} chars) on create ${plan.name} → 422`, category: 'injection', op: create, expected: 422 },
          async () => this.judge(create, await this.post(plan, long), [400, 413, 422], long),
        );
      }
    }
  }

  async fuzz(plan) {
    const { create, patch } = plan.operations;
    const noServerError = (status) => status < 500;
    const generate = (schema) => {
      jsf.option({ random: this.random, alwaysFakeOptionals: true, failOnInvalidFormat: false, maxItems: 3, maxLength: 300 });
      return jsf.generate(schema);
    };
    if (create && plan.createSchema && !this.missingParent(plan)) {
      for (let i = 1; i <= this.fuzzExamples; i += 1) {
        const body = generate(plan.createSchema);
        if (body && typeof body === 'object') this.linkParents(plan, body, plan.createSchema);
        await this.test(
          { name: `Fuzz create ${plan.name} #${i}`, category: 'fuzz', op: create },
          async () => this.judge(create, await this.post(plan, body), noServerError, body),
        );
      }
    }
    const row = this.rows.get(plan.name);
    if (patch && plan.patchSchema && row) {
      for (let i = 1; i <= Math.ceil(this.fuzzExamples / 2); i += 1) {
        const body = generate(plan.patchSchema);
        if (body && typeof body === 'object') {
          this.linkParents(plan, body, plan.patchSchema);
          // Keep the lifecycle row's unique values: fuzzing them is the duplicate test's job.
          for (const field of plan.uniqueFields) delete body[field];
        }
        await this.test(
          { name: `Fuzz update (PATCH) ${plan.name} #${i}`, category: 'fuzz', op: patch },
          async () => this.judge(patch, await this.send('PATCH', expand(plan.item, row.id), { body }), noServerError, body),
        );
      }
    }
  }

  async teardown(plan) {
    const { delete: remove, read } = plan.operations;
    if (!remove) return;
    const extras = this.extras.filter(([owner]) => owner === plan);
    this.extras = this.extras.filter(([owner]) => owner !== plan);
    for (const [, id] of extras) {
      // Clean-up, not a test: a refusal here is already visible in the test that created the row.
      await this.send('DELETE', expand(plan.item, id)).catch((error) => {
        if (error.name === 'AbortError') throw error;
      });
    }
    const row = this.rows.get(plan.name);
    if (!row) return;
    const path = expand(plan.item, row.id);
    const expected = successStatus(remove.operation, 204);
    const deleted = await this.test({ name: `CRUD delete ${plan.name}`, category: 'crud', op: remove, expected }, async () =>
      this.judge(remove, await this.send('DELETE', path), [expected, 200, 204].filter((v, i, a) => a.indexOf(v) === i)),
    );
    if (deleted.passed && read) {
      await this.test({ name: `CRUD get deleted ${plan.name} → 404`, category: 'crud', op: read, expected: 404 }, async () =>
        this.judge(read, await this.send('GET', path), 404),
      );
    }
  }
}

/**
 * Verify a running generated API.
 * @param {object} options
 * @param {string} options.baseUrl e.g. "http://127.0.0.1:41234"
 * @param {object} options.project body of `GET /api/v1/projects/{id}` (needs `id` and `spec`)
 * @param {number} [options.seed] same seed → same requests in the same order
 * @param {AbortSignal} [options.signal] aborting rejects with an Error named AbortError
 * @param {(result: object) => void} [options.onResult] each test result as it completes
 * @param {(request: {method: string, path: string, status: number, ms: number}) => void} [options.onRequest]
 * @param {number} [options.fuzzExamples] generated create payloads per resource (half as many PATCHes)
 * @returns {Promise<{project_id: string, passed: boolean, elapsed_ms: number, results: Array<{test_name: string,
 *   endpoint: string, method: string, passed: boolean, status_code: number|null, error_message: string|null,
 *   expected_status: number|null, duration_ms: number, category: string}>}>} the VerificationReport (contract §2.1)
 */
async function runVerification({ baseUrl, project, seed = 1, signal, onResult, onRequest, fuzzExamples = 4 }) {
  if (!project || !project.spec) throw new TypeError('runVerification needs the project with its spec');
  const started = performance.now();
  const runner = new Runner({ baseUrl, project, seed, signal, onResult, onRequest, fuzzExamples });
  await runner.run();
  return {
    project_id: project.id,
    passed: runner.results.length > 0 && runner.results.every((r) => r.passed),
    elapsed_ms: Math.round(performance.now() - started),
    results: runner.results,
  };
}

module.exports = { runVerification, planResources };
