'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');
const { makeZip } = require('./helpers/zip');
const {
  DockerManager,
  DeployError,
  extractZip,
  checkComposeDocument,
  composeProjectName,
  freePort,
} = require('../src/main/docker-manager');

const tmpDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'apigen-dm-test-'));

function dockerWorks() {
  try {
    execFileSync('docker', ['info'], { stdio: 'ignore', timeout: 20000 });
    return true;
  } catch {
    return false;
  }
}
const DOCKER_SKIP = dockerWorks() ? false : 'docker info fails: Docker tests skipped';

test('unsafe ZIPs are rejected and nothing is written outside the folder', async (t) => {
  const cases = {
    'parent traversal': [{ name: '../evil.txt', data: 'x' }],
    'nested traversal': [{ name: 'app/../../evil.txt', data: 'x' }],
    'absolute path': [{ name: '/tmp/evil.txt', data: 'x' }],
    'drive letter': [{ name: 'C:/evil.txt', data: 'x' }],
    backslash: [{ name: '..\\evil.txt', data: 'x' }],
    symlink: [{ name: 'link', data: '/etc/passwd', mode: 0o120777 }],
    'not a zip': null,
  };
  for (const [label, entries] of Object.entries(cases)) {
    await t.test(label, async () => {
      const parent = tmpDir();
      const dir = path.join(parent, 'project');
      fs.mkdirSync(dir);
      const buffer = entries ? makeZip(entries) : Buffer.from('definitely not a zip file');
      await assert.rejects(extractZip(buffer, dir), (error) => {
        assert.ok(error instanceof DeployError);
        assert.equal(error.code, 'UNSAFE_ZIP');
        return true;
      });
      assert.deepEqual(fs.readdirSync(parent), ['project']);
      fs.rmSync(parent, { recursive: true, force: true });
    });
  }
});

test('a safe ZIP is unpacked with folders and the executable bit', async () => {
  const dir = tmpDir();
  await extractZip(
    makeZip([
      { name: 'app/', data: '' },
      { name: 'app/main.py', data: 'print(1)\n' },
      { name: './start.sh', data: '#!/bin/sh\n', mode: 0o100755 },
    ]),
    dir,
  );
  assert.equal(fs.readFileSync(path.join(dir, 'app/main.py'), 'utf8'), 'print(1)\n');
  assert.equal(fs.statSync(path.join(dir, 'start.sh')).mode & 0o111, 0o111);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('compose files publishing a database are refused', () => {
  const ok = `services:
  api:
    build: .
    ports: ["127.0.0.1:\${APP_PORT:-8000}:8000"]
  db:
    image: postgres:17
    expose: ["5432"]
`;
  assert.deepEqual(checkComposeDocument(ok), []);
  const published = ok.replace('expose: ["5432"]', 'ports: ["5432:5432"]');
  assert.match(checkComposeDocument(published).join(), /database port 5432/);
  const longSyntax = ok.replace('expose: ["5432"]', 'ports:\n      - target: 5432\n        published: 15432');
  assert.match(checkComposeDocument(longSyntax).join(), /database port 5432/);
  const otherPort = ok.replace('expose: ["5432"]', 'ports: ["127.0.0.1:9999:9999"]');
  assert.match(checkComposeDocument(otherPort).join(), /is a database/);
  const redis = `services:\n  cache:\n    image: redis:7\n    ports: ["6379"]\n`;
  assert.match(checkComposeDocument(redis).join(), /6379/);
  assert.match(checkComposeDocument('services: [').join(), /not valid YAML/);
  assert.match(checkComposeDocument('version: "3"\n').join(), /no services/);
  assert.match(checkComposeDocument('services:\n  api:\n    build: .\n    network_mode: host\n').join(), /host network/);
});

test('freePort returns a port that can be bound on 127.0.0.1', async () => {
  const port = await freePort();
  assert.ok(port > 0 && port < 65536);
  await new Promise((resolve, reject) => {
    const server = net.createServer().listen({ port, host: '127.0.0.1' }, () => server.close(resolve));
    server.on('error', reject);
  });
});

test('compose project names are short, lowercase and derived from the id', () => {
  assert.equal(composeProjectName('3F2504E0-4F89-11D3-9A0C-0305E82C3301'), 'apigen-3f2504e04f89');
});

// ---- Real Docker ------------------------------------------------------------------------------------------

const HEALTH_SERVER = `import http.server, os
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        ok = self.path == "/health" and os.environ.get("HEALTHY", "yes") == "yes"
        self.send_response(200 if ok else 503)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"status":"ok"}' if ok else b'{"status":"down"}')
    def log_message(self, *args):
        print("request", self.path, flush=True)
print("health server starting", flush=True)
http.server.HTTPServer(("0.0.0.0", 8000), H).serve_forever()
`;

function tinyProject({ healthy = true } = {}) {
  return makeZip([
    { name: 'Dockerfile', data: 'FROM python:3.13-slim\nCOPY server.py /server.py\nCMD ["python3", "/server.py"]\n' },
    { name: 'server.py', data: HEALTH_SERVER },
    { name: '.env.example', data: `HEALTHY=${healthy ? 'yes' : 'no'}\nAPP_PORT=1\n` },
    {
      name: 'docker-compose.yml',
      data: `services:
  api:
    build: .
    environment:
      HEALTHY: \${HEALTHY}
    ports: ["127.0.0.1:\${APP_PORT:-8000}:8000"]
    depends_on: [db]
  db:
    image: postgres:17
    environment:
      POSTGRES_PASSWORD: secret
    expose: ["5432"]
    volumes: ["pgdata:/var/lib/postgresql/data"]
volumes:
  pgdata:
`,
    },
  ]);
}

function leftovers(composeProject) {
  const label = `label=com.docker.compose.project=${composeProject}`;
  const list = (args) => execFileSync('docker', args, { encoding: 'utf8' }).trim();
  return {
    containers: list(['ps', '-a', '-q', '--filter', label]),
    volumes: list(['volume', 'ls', '-q', '--filter', label]),
    networks: list(['network', 'ls', '-q', '--filter', label]),
    images: list(['images', '-q', '--filter', label]),
  };
}

const noLeftovers = { containers: '', volumes: '', networks: '', images: '' };

test('real deploy: build, .env, health, stop leaves nothing behind', { skip: DOCKER_SKIP, timeout: 240000 }, async () => {
  const tmpRoot = tmpDir();
  const logs = [];
  const docker = new DockerManager({ tmpRoot, healthTimeoutMs: 60000, healthIntervalMs: 500, onLog: (l) => logs.push(l) });
  const status = await docker.checkDocker();
  assert.equal(status.ok, true, status.message);
  assert.equal(status.compose, 'plugin');

  const id = 'dmtest-ok-0001';
  const deployment = await docker.deploy(id, tinyProject());
  try {
    assert.equal(deployment.dir, path.join(tmpRoot, id));
    assert.equal(deployment.baseUrl, `http://127.0.0.1:${deployment.port}`);
    const env = fs.readFileSync(path.join(deployment.dir, '.env'), 'utf8');
    assert.equal(env, `HEALTHY=yes\nAPP_PORT=${deployment.port}\n`);
    const response = await fetch(`${deployment.baseUrl}/health`);
    assert.equal(response.status, 200);
    assert.deepEqual(docker.running().map((d) => d.projectId), [id]);
    assert.ok(logs.length > 0, 'build output is streamed to onLog');
    const running = leftovers(deployment.composeProject);
    for (const kind of Object.keys(noLeftovers)) assert.notEqual(running[kind], '', `the deployment has ${kind}`);
  } finally {
    await docker.stop(id);
  }
  assert.deepEqual(leftovers(deployment.composeProject), noLeftovers);
  assert.equal(fs.existsSync(deployment.dir), false);
  assert.deepEqual(docker.running(), []);
  fs.rmSync(tmpRoot, { recursive: true, force: true });
});

test('real deploy: an API that never gets healthy gives a DeployError with the logs tail', { skip: DOCKER_SKIP, timeout: 240000 }, async () => {
  const tmpRoot = tmpDir();
  const docker = new DockerManager({ tmpRoot, healthTimeoutMs: 4000, healthIntervalMs: 500 });
  const id = 'dmtest-sick-0001';
  await assert.rejects(docker.deploy(id, tinyProject({ healthy: false })), (error) => {
    assert.ok(error instanceof DeployError);
    assert.equal(error.code, 'HEALTH_TIMEOUT');
    assert.match(error.message, /HTTP 503/);
    assert.match(error.logs, /health server starting/);
    return true;
  });
  assert.deepEqual(leftovers(composeProjectName(id)), noLeftovers);
  assert.equal(fs.existsSync(path.join(tmpRoot, id)), false);
  fs.rmSync(tmpRoot, { recursive: true, force: true });
});

test('real deploy: aborting mid-deploy cleans up', { skip: DOCKER_SKIP, timeout: 240000 }, async () => {
  const tmpRoot = tmpDir();
  const controller = new AbortController();
  // Abort as soon as compose reports progress, i.e. while `up` is running.
  const docker = new DockerManager({ tmpRoot, onLog: () => controller.abort() });
  const id = 'dmtest-abort-0001';
  await assert.rejects(docker.deploy(id, tinyProject(), { signal: controller.signal }), { name: 'AbortError' });
  assert.deepEqual(leftovers(composeProjectName(id)), noLeftovers);
  assert.equal(fs.existsSync(path.join(tmpRoot, id)), false);
  assert.deepEqual(docker.running(), []);
  fs.rmSync(tmpRoot, { recursive: true, force: true });
});

test('refused compose file: nothing is started and the folder is removed', async () => {
  const tmpRoot = tmpDir();
  const docker = new DockerManager({ tmpRoot });
  const zip = makeZip([
    { name: 'docker-compose.yml', data: 'services:\n  db:\n    image: postgres:17\n    ports: ["5432:5432"]\n' },
  ]);
  await assert.rejects(docker.deploy('dmtest-refused', zip), (error) => {
    // Without Docker the manager stops earlier, with a message saying so.
    if (DOCKER_SKIP) return error instanceof DeployError && /Docker/.test(error.message);
    assert.equal(error.code, 'UNSAFE_COMPOSE');
    assert.match(error.message, /5432/);
    return true;
  });
  assert.equal(fs.existsSync(path.join(tmpRoot, 'dmtest-refused')), false);
  fs.rmSync(tmpRoot, { recursive: true, force: true });
});

test('a missing docker binary gives a clear message', async () => {
  const docker = new DockerManager({ env: { PATH: '/nonexistent' } });
  // EXTRA_DOCKER_DIRS still finds a real docker in /usr/bin; only assert the shape when none is found.
  const status = await docker.checkDocker();
  assert.equal(typeof status.ok, 'boolean');
  if (!status.ok) assert.match(status.message, /Docker/);
});
