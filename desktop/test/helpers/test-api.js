'use strict';
/**
 * A stand-in for a generated API: an in-memory CRUD server over node:http driven by a spec payload
 * (`{health_path, api, openapi}`), with switches that break it in one way each, so the verify runner's tests can
 * show it catches every failure class. `correct` behaviour mirrors the generated FastAPI projects: 201 on create,
 * 404 for unknown ids and missing references, 409 for duplicates, 422 for invalid bodies and queries.
 */
const http = require('node:http');

/** A three-resource spec payload with OpenAPI shaped like FastAPI's output. */
function librarySpec() {
  const api = {
    name: 'library',
    resources: [
      {
        name: 'book', plural: 'books', path: '/books',
        fields: [
          { name: 'title', type: 'string', required: true, max_length: 200 },
          { name: 'isbn', type: 'string', required: true, unique: true, max_length: 20 },
          { name: 'pages', type: 'integer', required: false, minimum: 1, maximum: 10000 },
          { name: 'price', type: 'float', required: true, minimum: 0 },
          { name: 'published', type: 'date', required: false },
          { name: 'format', type: 'enum', required: true, enum: ['paper', 'ebook'] },
        ],
        relations: [
          { name: 'author', kind: 'many_to_one', target: 'author', field: 'author_id', required: true },
          { name: 'tags', kind: 'many_to_many', target: 'tag', field: 'tag_ids', required: false },
        ],
      },
      {
        name: 'author', plural: 'authors', path: '/authors',
        fields: [
          { name: 'name', type: 'string', required: true, max_length: 100 },
          { name: 'email', type: 'email', required: true, unique: true, max_length: 255 },
          { name: 'active', type: 'boolean', required: false, default: true },
        ],
        relations: [],
      },
      {
        name: 'tag', plural: 'tags', path: '/tags',
        fields: [{ name: 'label', type: 'string', required: true, unique: true, max_length: 30 }],
        relations: [],
      },
    ],
  };
  return { health_path: '/health', api, openapi: buildOpenapi(api) };
}

function valueSchema(field) {
  const base = {
    string: { type: 'string' },
    text: { type: 'string' },
    email: { type: 'string', format: 'email' },
    url: { type: 'string', format: 'uri' },
    integer: { type: 'integer' },
    float: { type: 'number' },
    boolean: { type: 'boolean' },
    date: { type: 'string', format: 'date' },
    enum: { type: 'string', enum: field.enum },
  }[field.type];
  const schema = { ...base, title: field.name };
  if (field.max_length) schema.maxLength = field.max_length;
  if (field.minimum !== undefined) schema.minimum = field.minimum;
  if (field.maximum !== undefined) schema.maximum = field.maximum;
  return schema;
}

const nullable = (schema) => ({ anyOf: [schema, { type: 'null' }] });
const ref = (name) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const cap = (name) => name[0].toUpperCase() + name.slice(1);

function buildOpenapi(api) {
  const schemas = {
    ValidationError: {
      type: 'object', required: ['loc', 'msg', 'type'],
      properties: { loc: { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'integer' }] } }, msg: { type: 'string' }, type: { type: 'string' } },
    },
    HTTPValidationError: { type: 'object', properties: { detail: { type: 'array', items: ref('ValidationError') } } },
    Message: { type: 'object', required: ['detail'], properties: { detail: { type: 'string' } } },
  };
  const paths = { '/health': { get: { responses: { 200: json({ type: 'object' }) } } } };
  const errors = { 404: json(ref('Message'), 'Not found'), 422: json(ref('HTTPValidationError'), 'Validation Error') };
  for (const r of api.resources) {
    const C = cap(r.name);
    const fks = r.relations.filter((x) => x.kind === 'many_to_one');
    const m2m = r.relations.filter((x) => x.kind === 'many_to_many');
    const create = { type: 'object', additionalProperties: false, properties: {}, required: [] };
    const update = { type: 'object', additionalProperties: false, properties: {} };
    const read = { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] };
    for (const f of r.fields) {
      const schema = valueSchema(f);
      const optional = !f.required || f.default !== undefined;
      create.properties[f.name] = optional ? { ...nullable(schema), ...(f.default !== undefined ? { default: f.default } : {}) } : schema;
      if (!optional) create.required.push(f.name);
      update.properties[f.name] = nullable(schema);
      read.properties[f.name] = f.required || f.default !== undefined ? schema : nullable(schema);
      read.required.push(f.name);
    }
    for (const fk of fks) {
      create.properties[fk.field] = fk.required ? { type: 'integer' } : nullable({ type: 'integer' });
      if (fk.required) create.required.push(fk.field);
      update.properties[fk.field] = nullable({ type: 'integer' });
      read.properties[fk.field] = fk.required ? { type: 'integer' } : nullable({ type: 'integer' });
      read.required.push(fk.field);
    }
    for (const m of m2m) {
      create.properties[m.field] = { type: 'array', items: { type: 'integer' }, maxItems: 100 };
      update.properties[m.field] = nullable({ type: 'array', items: { type: 'integer' }, maxItems: 100 });
      read.properties[m.field] = { type: 'array', items: { type: 'integer' } };
      read.required.push(m.field);
    }
    read.properties.created_at = { type: 'string', format: 'date-time' };
    read.properties.updated_at = { type: 'string', format: 'date-time' };
    read.required.push('created_at', 'updated_at');
    schemas[`${C}Create`] = create;
    schemas[`${C}Update`] = update;
    schemas[`${C}Read`] = read;
    schemas[`${C}List`] = {
      type: 'object', required: ['items', 'total', 'limit', 'offset'],
      properties: { items: { type: 'array', items: ref(`${C}Read`) }, total: { type: 'integer' }, limit: { type: 'integer' }, offset: { type: 'integer' } },
    };
    const filters = r.fields.filter((f) => f.type === 'string').map((f) => ({ name: f.name, in: 'query', required: false, schema: nullable({ type: 'string' }) }));
    const idParam = [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }];
    const body = (name) => ({ required: true, content: { 'application/json': { schema: ref(name) } } });
    paths[r.path] = {
      get: {
        parameters: [
          { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 100, default: 50 } },
          { name: 'offset', in: 'query', required: false, schema: { type: 'integer', minimum: 0, default: 0 } },
          ...filters,
        ],
        responses: { 200: json(ref(`${C}List`)), 422: errors[422] },
      },
      post: { requestBody: body(`${C}Create`), responses: { 201: json(ref(`${C}Read`), 'Created'), ...errors, 409: json(ref('Message')) } },
    };
    paths[`${r.path}/{id}`] = {
      get: { parameters: idParam, responses: { 200: json(ref(`${C}Read`)), ...errors } },
      put: { parameters: idParam, requestBody: body(`${C}Create`), responses: { 200: json(ref(`${C}Read`)), ...errors } },
      patch: { parameters: idParam, requestBody: body(`${C}Update`), responses: { 200: json(ref(`${C}Read`)), ...errors } },
      delete: { parameters: idParam, responses: { 204: { description: 'Deleted' }, ...errors } },
    };
  }
  return { openapi: '3.1.0', info: { title: api.name, version: '1.0.0' }, paths, components: { schemas } };
}

// ------------------------------------------------------------------------------------------- the server

/**
 * Failure switches: create500, no404, no422missing, noTypeCheck, no409, badSchema, injection500, missingRef500,
 * oversize500, deleteKeeps, patch500.
 */
function startTestApi(spec, faults = []) {
  const broken = new Set(faults);
  const tables = new Map(spec.api.resources.map((r) => [r.name, { resource: r, rows: new Map(), next: 1 }]));
  const requests = [];

  const typeOk = (field, value) => {
    switch (field.type) {
      case 'integer': return Number.isInteger(value);
      case 'float': return typeof value === 'number';
      case 'boolean': return typeof value === 'boolean';
      case 'enum': return field.enum.includes(value);
      case 'date': return typeof value === 'string' && /^\d{4}-\d\d-\d\d$/.test(value);
      case 'email': return typeof value === 'string' && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value);
      default: return typeof value === 'string';
    }
  };

  /** Validate a body; returns [status, detail] on error or null. `partial` for PATCH. */
  function check(table, body, partial, selfId) {
    const r = table.resource;
    if (!body || typeof body !== 'object' || Array.isArray(body)) return [422, [{ loc: ['body'], msg: 'Input should be an object', type: 'model_type' }]];
    const fks = r.relations.filter((x) => x.kind === 'many_to_one');
    const m2m = r.relations.filter((x) => x.kind === 'many_to_many');
    const known = new Set([...r.fields.map((f) => f.name), ...fks.map((x) => x.field), ...m2m.map((x) => x.field)]);
    const errors = [];
    for (const key of Object.keys(body)) if (!known.has(key)) errors.push({ loc: ['body', key], msg: 'Extra inputs are not permitted', type: 'extra_forbidden' });
    for (const f of r.fields) {
      const value = body[f.name];
      const notNull = f.required || f.default !== undefined;
      if (value === null && notNull) {
        errors.push({ loc: ['body', f.name], msg: 'Input should not be null', type: 'null' });
        continue;
      }
      if (value === undefined || value === null) {
        if (!partial && f.required && f.default === undefined && !broken.has('no422missing')) errors.push({ loc: ['body', f.name], msg: 'Field required', type: 'missing' });
        continue;
      }
      if (!typeOk(f, value) && !broken.has('noTypeCheck')) errors.push({ loc: ['body', f.name], msg: `Input should be a valid ${f.type}`, type: 'type' });
      if (typeof value === 'string' && f.max_length && value.length > f.max_length) {
        if (broken.has('oversize500')) return [500, 'value too long for type character varying'];
        errors.push({ loc: ['body', f.name], msg: `String should have at most ${f.max_length} characters`, type: 'string_too_long' });
      }
      if (typeof value === 'number' && ((f.minimum !== undefined && value < f.minimum) || (f.maximum !== undefined && value > f.maximum))) {
        errors.push({ loc: ['body', f.name], msg: 'Input out of range', type: 'range' });
      }
    }
    for (const fk of fks) {
      const value = body[fk.field];
      if (value === undefined) {
        if (!partial && fk.required) errors.push({ loc: ['body', fk.field], msg: 'Field required', type: 'missing' });
      } else if (!Number.isInteger(value)) errors.push({ loc: ['body', fk.field], msg: 'Input should be a valid integer', type: 'int_type' });
    }
    for (const m of m2m) {
      const value = body[m.field];
      if (value !== undefined && value !== null && !(Array.isArray(value) && value.every(Number.isInteger))) {
        errors.push({ loc: ['body', m.field], msg: 'Input should be a valid list of integers', type: 'list_type' });
      }
    }
    if (errors.length) return [422, errors];
    for (const fk of fks) {
      const value = body[fk.field];
      if (Number.isInteger(value) && !tables.get(fk.target).rows.has(value)) {
        return broken.has('missingRef500') ? [500, 'Internal Server Error'] : [404, `${fk.target} ${value} not found`];
      }
    }
    for (const m of m2m) {
      const missing = (body[m.field] || []).filter((id) => !tables.get(m.target).rows.has(id));
      if (missing.length) return [404, `${m.target} ${missing.join(', ')} not found`];
    }
    if (!broken.has('no409')) {
      for (const f of r.fields.filter((x) => x.unique)) {
        if (body[f.name] === undefined) continue;
        for (const row of table.rows.values()) {
          if (row.id !== selfId && row[f.name] === body[f.name]) return [409, `a ${r.name} with this ${f.name} already exists`];
        }
      }
    }
    return null;
  }

  function shape(table, row) {
    const out = { ...row };
    if (broken.has('badSchema')) {
      delete out.created_at;
      if (table.resource.name === 'book') out.price = 'not a number';
    }
    return out;
  }

  function store(table, body, existing) {
    const r = table.resource;
    const now = new Date().toISOString();
    const row = existing ? { ...existing } : { id: table.next++, created_at: now };
    for (const f of r.fields) {
      if (body[f.name] !== undefined) row[f.name] = body[f.name];
      else if (!existing) row[f.name] = f.default !== undefined ? f.default : null;
    }
    for (const x of r.relations.filter((rel) => rel.kind !== 'one_to_many')) {
      if (body[x.field] !== undefined) row[x.field] = body[x.field];
      else if (!existing) row[x.field] = x.kind === 'many_to_many' ? [] : null;
    }
    row.updated_at = now;
    table.rows.set(row.id, row);
    return row;
  }

  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => { raw += chunk; });
    req.on('end', () => {
      const url = new URL(req.url, 'http://x');
      requests.push(`${req.method} ${url.pathname}${url.search}`);
      const send = (status, body) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(body === undefined ? '' : JSON.stringify(typeof body === 'string' ? { detail: body } : status === 422 && Array.isArray(body) ? { detail: body } : body));
      };
      if (url.pathname === '/health') return send(200, { status: 'ok' });
      const match = /^\/([a-z-]+)(?:\/([^/]+))?$/.exec(url.pathname);
      const table = match && [...tables.values()].find((t) => t.resource.path === `/${match[1]}`);
      if (!table) return send(404, 'Not Found');
      let body;
      if (raw) {
        try { body = JSON.parse(raw); } catch { return send(422, [{ loc: ['body'], msg: 'JSON decode error', type: 'json_invalid' }]); }
      }
      if (!match[2]) {
        if (req.method === 'POST') {
          if (broken.has('create500')) return send(500, 'Internal Server Error');
          const problem = check(table, body, false);
          if (problem) return send(...problem);
          return send(201, shape(table, store(table, body)));
        }
        if (req.method === 'GET') {
          const limit = url.searchParams.has('limit') ? Number(url.searchParams.get('limit')) : 50;
          const offset = url.searchParams.has('offset') ? Number(url.searchParams.get('offset')) : 0;
          if (!Number.isInteger(limit) || limit < 1 || limit > 100 || !Number.isInteger(offset) || offset < 0) {
            return send(422, [{ loc: ['query', 'limit'], msg: 'invalid paging', type: 'int_parsing' }]);
          }
          let rows = [...table.rows.values()];
          for (const f of table.resource.fields.filter((x) => x.type === 'string')) {
            const value = url.searchParams.get(f.name);
            if (value === null) continue;
            if (broken.has('injection500') && value.includes("'")) return send(500, 'syntax error at or near "OR"');
            rows = rows.filter((row) => row[f.name] === value);
          }
          return send(200, { items: rows.slice(offset, offset + limit).map((row) => shape(table, row)), total: rows.length, limit, offset });
        }
        return send(405, 'Method Not Allowed');
      }
      const id = Number(match[2]);
      if (!Number.isInteger(id)) return send(422, [{ loc: ['path', 'id'], msg: 'Input should be a valid integer', type: 'int_parsing' }]);
      const row = table.rows.get(id);
      if (!row) return broken.has('no404') && req.method === 'GET' ? send(200, {}) : send(404, `${table.resource.name} ${id} not found`);
      if (req.method === 'GET') return send(200, shape(table, row));
      if (req.method === 'PUT' || req.method === 'PATCH') {
        if (req.method === 'PATCH' && broken.has('patch500')) return send(500, 'Internal Server Error');
        const problem = check(table, body, req.method === 'PATCH', id);
        if (problem) return send(...problem);
        return send(200, shape(table, store(table, body, row)));
      }
      if (req.method === 'DELETE') {
        if (!broken.has('deleteKeeps')) table.rows.delete(id);
        return send(204);
      }
      return send(405, 'Method Not Allowed');
    });
  });

  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        baseUrl: `http://127.0.0.1:${server.address().port}`,
        requests,
        rowCount: () => [...tables.values()].reduce((sum, t) => sum + t.rows.size, 0),
        close: () => new Promise((done) => { server.closeAllConnections(); server.close(done); }),
      });
    });
  });
}

module.exports = { librarySpec, buildOpenapi, startTestApi };
