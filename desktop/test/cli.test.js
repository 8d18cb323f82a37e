'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { composeProjectName } = require('../src/main/docker-manager');
const { startTestCloud } = require('./helpers/test-cloud');
const { miniProjectZip, miniSpec } = require('./helpers/mini-project');

const CLI = path.join(__dirname, '..', 'bin', 'apigen.js');

/** Start the CLI; `done` resolves with its exit code (or signal) and output. */
function startCli(args, env) {
  const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  const done = new Promise((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done, stderr: () => stderr };
}

const cli = (args, env) => startCli(args, env).done;

const docker = (...args) => spawnSync('docker', args, { encoding: 'utf8', timeout: 60_000 });
const dockerWorks = () => docker('info').status === 0;
/** Ids of the containers, volumes or networks Compose labelled with `composeProject`. */
function composeObjects(composeProject) {
  const label = `label=com.docker.compose.project=${composeProject}`;
  return [
    ...docker('ps', '-aq', '--filter', label).stdout.split('\n'),
    ...docker('volume', 'ls', '-q', '--filter', label).stdout.split('\n'),
    ...docker('network', 'ls', '-q', '--filter', label).stdout.split('\n'),
  ].filter(Boolean);
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

test('CLI: SIGINT during the deploy takes everything down and exits 130', { timeout: 240_000 }, async (t) => {
  if (!dockerWorks()) return t.skip('Docker is not available here');
  // The project never gets healthy, so the CLI is certainly still deploying when the signal comes.
  const cloud = await startTestCloud({ spec: miniSpec(), zipFor: () => miniProjectZip('unhealthy') });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'apigen-cli-signal-'));
  let composeProject = null;
  try {
    const run = startCli(['run', '--prompt', 'A notes API where a note has a text'], {
      HOME: tmp, TMPDIR: tmp, APIGEN_TOKEN: 'test-token', APIGEN_CLOUD_URL: cloud.baseUrl,
    });
    // Wait until Compose has started the project's container.
    const deadline = Date.now() + 180_000;
    for (;;) {
      const [projectId] = cloud.projects.keys();
      if (projectId) composeProject = composeProjectName(projectId);
      if (composeProject && docker('ps', '-q', '--filter', `label=com.docker.compose.project=${composeProject}`).stdout.trim()) break;
      assert.ok(Date.now() < deadline && run.child.exitCode === null, `the container never started:\n${run.stderr()}`);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const projectDir = path.join(tmp, 'apigenerator', [...cloud.projects.keys()][0]);
    assert.ok(fs.existsSync(path.join(projectDir, '.env')), 'the project was unpacked into TMPDIR/apigenerator/<id>');

    run.child.kill('SIGINT');
    const { code, stderr } = await run.done;
    assert.equal(code, 130, stderr);
    assert.match(stderr, /SIGINT: stopping and cleaning up/);
    assert.deepEqual(composeObjects(composeProject), [], 'no container, volume or network of the project is left');
    assert.equal(fs.existsSync(projectDir), false, 'the project directory is removed');
    assert.equal(cloud.projects.values().next().value.reports.length, 0, 'a cancelled run reports nothing');
  } finally {
    // Only when the test failed half-way: never leave the containers behind.
    if (composeProject && composeObjects(composeProject).length) docker('compose', '-p', composeProject, 'down', '-v');
    await cloud.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
