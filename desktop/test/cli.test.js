'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const CLI = path.join(__dirname, '..', 'bin', 'apigen.js');

function cli(args, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('CLI: usage errors, login stores a private token, run without login, logout', async () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'apigen-cli-'));
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => { raw += c; });
    req.on('end', () => {
      const body = JSON.parse(raw || '{}');
      const ok = req.url === '/api/v1/auth/login' && body.password === 'from-env-password';
      res.writeHead(ok ? 200 : 401, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(ok ? { access_token: 'jwt-cli', token_type: 'bearer' } : { detail: 'Wrong email or password' }));
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const env = { XDG_CONFIG_HOME: home, HOME: home, APIGEN_CLOUD_URL: `http://127.0.0.1:${server.address().port}` };
  const tokenFile = path.join(home, 'apigen', 'token');

  const unknown = await cli(['frobnicate'], env);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command "frobnicate"[\s\S]*Usage/);

  const notLoggedIn = await cli(['run', '--prompt', 'A todo API'], env);
  assert.equal(notLoggedIn.code, 2);
  assert.match(notLoggedIn.stderr, /Not logged in/);

  const wrong = await cli(['login', '--email', 'a@example.com', '--password', 'bad'], env);
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /Wrong email or password/);
  assert.equal(fs.existsSync(tokenFile), false);

  const login = await cli(['login', '--email', 'a@example.com'], { ...env, APIGEN_PASSWORD: 'from-env-password' });
  assert.equal(login.code, 0, login.stderr);
  assert.equal(fs.readFileSync(tokenFile, 'utf8').trim(), 'jwt-cli');
  assert.equal(fs.statSync(tokenFile).mode & 0o777, 0o600);
  assert.doesNotMatch(login.stderr + login.stdout, /jwt-cli/, 'the token is never printed');

  fs.chmodSync(tokenFile, 0o644);
  const exposed = await cli(['verify', 'some-id'], env);
  assert.equal(exposed.code, 1);
  assert.match(exposed.stderr, /Refusing to read the token file/);

  const logout = await cli(['logout'], env);
  assert.equal(logout.code, 0);
  assert.equal(fs.existsSync(tokenFile), false);

  server.close();
  fs.rmSync(home, { recursive: true, force: true });
});
