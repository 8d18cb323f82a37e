'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ApiClient, ApiError, AuthError, NetworkError } = require('../src/main/api-client');
const tokenStore = require('../src/main/token-store');
const { freePort } = require('../src/main/docker-manager');

/** A server answering like the Cloud's error cases; `routes` maps "METHOD /path" to a handler. */
async function server(routes) {
  const hits = [];
  const srv = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => { raw += c; });
    req.on('end', () => {
      const key = `${req.method} ${req.url}`;
      hits.push({ key, auth: req.headers.authorization, body: raw ? JSON.parse(raw) : undefined });
      const handler = routes[key];
      const [status, body, type] = handler ? handler(hits.filter((h) => h.key === key).length) : [404, { detail: 'Not Found' }];
      res.writeHead(status, { 'Content-Type': type || 'application/json' });
      res.end(Buffer.isBuffer(body) ? body : typeof body === 'string' ? body : JSON.stringify(body));
    });
  });
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${srv.address().port}`, hits, close: () => new Promise((r) => { srv.closeAllConnections(); srv.close(r); }) };
}

test('login keeps the token and sends it as a Bearer header', async () => {
  const s = await server({
    'POST /api/v1/auth/login': () => [200, { access_token: 'jwt-1', token_type: 'bearer', expires_in: 3600 }],
    'GET /api/v1/auth/me': () => [200, { id: 'u1', email: 'a@example.com' }],
  });
  const client = new ApiClient({ baseUrl: `${s.url}/` });
  assert.equal(await client.login('a@example.com', 'secret-pass'), 'jwt-1');
  assert.equal(client.token, 'jwt-1');
  assert.deepEqual(s.hits[0].body, { email: 'a@example.com', password: 'secret-pass' });
  assert.equal(s.hits[0].auth, undefined);
  assert.equal((await client.me()).email, 'a@example.com');
  assert.equal(s.hits[1].auth, 'Bearer jwt-1');
  await s.close();
});

test('401 drops the token, calls onUnauthorized and says to log in again', async () => {
  const s = await server({ 'GET /api/v1/projects/p1': () => [401, { detail: 'Token expired' }] });
  let called = 0;
  const client = new ApiClient({ baseUrl: s.url, token: 'old', onUnauthorized: () => { called += 1; } });
  await assert.rejects(client.getProject('p1'), (e) => e instanceof AuthError && e.status === 401 && e.message === 'Please log in again');
  assert.equal(client.token, null);
  assert.equal(called, 1);
  await s.close();
});

test('a refused login shows the Cloud reason and does not count as a lost session', async () => {
  const s = await server({ 'POST /api/v1/auth/login': () => [401, { detail: 'Wrong email or password' }] });
  let called = 0;
  const client = new ApiClient({ baseUrl: s.url, onUnauthorized: () => { called += 1; } });
  await assert.rejects(client.login('a@example.com', 'nope'), (e) => e instanceof AuthError && e.message === 'Wrong email or password');
  assert.equal(called, 0);
  await s.close();
});

test('422 detail arrays become one readable message; 409 detail is shown as is', async () => {
  const s = await server({
    'POST /api/v1/auth/register': (n) => n === 1
      ? [422, { detail: [
        { loc: ['body', 'email'], msg: 'value is not a valid email address', type: 'value_error' },
        { loc: ['body', 'password'], msg: 'String should have at least 8 characters', type: 'string_too_short' },
      ] }]
      : [409, { detail: 'An account with this email already exists' }],
  });
  const client = new ApiClient({ baseUrl: s.url });
  await assert.rejects(client.register('x', 'y'), (e) => e instanceof ApiError && e.status === 422 &&
    e.message === 'email: value is not a valid email address; password: String should have at least 8 characters');
  await assert.rejects(client.register('a@example.com', 'long-enough'), (e) => e.status === 409 && e.message === 'An account with this email already exists');
  await s.close();
});

test('GETs are retried on 503 with backoff; POSTs are not', async () => {
  const s = await server({
    'GET /api/v1/projects?limit=5&offset=0': (n) => (n < 3 ? [503, { detail: 'busy' }] : [200, { items: [], total: 0 }]),
    'POST /api/v1/generate-from-prompt': () => [503, { detail: 'The Cloud is busy' }],
  });
  const client = new ApiClient({ baseUrl: s.url, token: 't', retries: 3 });
  const started = Date.now();
  assert.deepEqual(await client.listProjects({ limit: 5, offset: 0 }), { items: [], total: 0 });
  assert.ok(Date.now() - started >= 250 + 500 - 50, 'exponential backoff between attempts');
  await assert.rejects(client.generate('A todo API'), (e) => e.status === 503 && !(e instanceof NetworkError));
  assert.equal(s.hits.filter((h) => h.key.startsWith('POST')).length, 1);
  await s.close();
});

test('a Cloud that stays unavailable gives a NetworkError after the retries', async () => {
  const s = await server({ 'GET /api/v1/health': () => [502, 'Bad Gateway', 'text/html'] });
  const client = new ApiClient({ baseUrl: s.url, retries: 2 });
  await assert.rejects(client.health(), (e) => e instanceof NetworkError && e.status === 502);
  assert.equal(s.hits.length, 2);
  await s.close();
});

test('a refused connection gives a NetworkError naming the Cloud address', async () => {
  const port = await freePort();
  const client = new ApiClient({ baseUrl: `http://127.0.0.1:${port}`, retries: 2 });
  await assert.rejects(client.health(), (e) => e instanceof NetworkError && e.message.includes(`127.0.0.1:${port}`) && /ECONNREFUSED/.test(e.message));
});

test('download returns the ZIP bytes and fix/verify-report send the contract bodies', async () => {
  const zip = Buffer.from([0x50, 0x4b, 3, 4, 0, 255]);
  const s = await server({
    'GET /api/v1/projects/p1/download?version=2': () => [200, zip, 'application/zip'],
    'POST /api/v1/projects/p1/verify-report': () => [200, { status: 'recorded', action_required: 'fix', message: 'm', report_id: 'r1' }],
    'POST /api/v1/projects/p1/fix': () => [202, { job_id: 'j', status: 'fixing', estimated_completion_seconds: 15 }],
    'DELETE /api/v1/projects/p1': () => [204, ''],
  });
  const client = new ApiClient({ baseUrl: s.url, token: 't' });
  assert.deepEqual(await client.download('p1', { version: 2 }), zip);
  const report = { project_id: 'p1', passed: false, elapsed_ms: 5, results: [] };
  assert.equal((await client.verifyReport('p1', report)).action_required, 'fix');
  assert.deepEqual(s.hits[1].body, report);
  const fix = { report_id: 'r1', attempt_number: 1, failed_tests: [{ method: 'POST', endpoint: '/books', error_message: 'x' }] };
  assert.equal((await client.fix('p1', fix)).status, 'fixing');
  assert.deepEqual(s.hits[2].body, fix);
  assert.equal(await client.deleteProject('p1'), null);
  await s.close();
});

test('token store: env first, 0600 file, refuses a readable file, clear', { skip: process.platform === 'win32' && 'POSIX modes' }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigen-token-'));
  const file = path.join(dir, 'sub', 'token');
  assert.equal(tokenStore.load({ file, env: {} }), null);
  tokenStore.save('jwt-abc', { file });
  assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  assert.equal(tokenStore.load({ file, env: {} }), 'jwt-abc');
  assert.equal(tokenStore.load({ file, env: { APIGEN_TOKEN: 'from-env' } }), 'from-env');
  fs.chmodSync(file, 0o644);
  assert.throws(() => tokenStore.load({ file, env: {} }), (e) => e instanceof tokenStore.TokenFileError && /chmod 600/.test(e.message) && !/jwt-abc/.test(e.message));
  tokenStore.clear({ file });
  assert.equal(fs.existsSync(file), false);
  tokenStore.clear({ file });
  fs.rmSync(dir, { recursive: true, force: true });
});
