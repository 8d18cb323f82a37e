'use strict';
// Starts a real Cloud (`apigen-cloud serve`) on a free port with a throwaway
// data directory, for the glue and UI tests.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { freePort } = require('../../src/main/docker-manager');

const CLOUD_BIN = process.env.APIGEN_CLOUD_BIN || path.resolve(__dirname, '..', '..', '..', '.venv', 'bin', 'apigen-cloud');

/**
 * @returns {Promise<{url: string, dataDir: string, stop: () => Promise<void>} | {skip: string}>}
 *   `skip` explains why no Cloud could be started (the test then skips, saying why).
 */
async function startCloud({ timeoutMs = 40_000 } = {}) {
  if (!fs.existsSync(CLOUD_BIN)) return { skip: `no Cloud executable at ${CLOUD_BIN}` };
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigen-cloud-test-'));
  const child = spawn(CLOUD_BIN, ['serve', '--port', String(port)], {
    env: { ...process.env, APIGEN_DATA_DIR: dataDir, APIGEN_HOST: '127.0.0.1', APIGEN_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  let exited = false;
  child.on('exit', () => { exited = true; });

  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      await new Promise((resolve) => {
        const timer = setTimeout(() => { child.kill('SIGKILL'); resolve(); }, 5000);
        child.once('exit', () => { clearTimeout(timer); resolve(); });
      });
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) {
      await stop();
      return { skip: `the Cloud exited at start: ${output.trim().split('\n').slice(-3).join(' | ')}` };
    }
    try {
      const res = await fetch(`${url}/api/v1/health`);
      if (res.ok) return { url, dataDir, stop, output: () => output };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  return { skip: `the Cloud did not answer /api/v1/health within ${timeoutMs} ms` };
}

module.exports = { startCloud };
