'use strict';
// End-to-end UI test: a real Cloud, the browser-mode server (same ipc-api
// table and core modules as Electron) and a real Chromium. Screens are saved
// to test-output/screens/ for review.
//   node --test test-ui/
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { chromium } = require('playwright-core');
const { startCloud } = require('./support/cloud');
const { ApiClient } = require('../src/main/api-client');

const ROOT = path.resolve(__dirname, '..');
const SCREENS = path.join(ROOT, 'test-output', 'screens');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const RUN_TIMEOUT_MS = Number(process.env.APIGEN_UI_RUN_TIMEOUT_MS || 12 * 60_000);

const dockerWorks = () => spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 20_000 }).status === 0;

function startBrowserMode(cloudUrl, tmpRoot) {
  const child = spawn(process.execPath, [path.join(ROOT, 'src', 'browser-mode', 'server.js'), '--cloud-url', cloudUrl, '--port', '0', '--tmp-root', tmpRoot], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr.on('data', (d) => { output += d; });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      output += d;
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(output);
      if (match) resolve({ url: match[1], child, output: () => output });
    });
    child.once('exit', (code) => reject(new Error(`browser-mode server exited (${code}): ${output}`)));
  });
}

async function stopChild(child) {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((resolve) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); resolve(); }, 90_000);
    child.once('exit', () => { clearTimeout(timer); resolve(); });
  });
}

test.describe('desktop UI in browser mode', { concurrency: false }, () => {
  let cloud;
  let server;
  let browser;
  let page;
  let tmpRoot;
  const email = `ui-${Date.now()}@example.com`;
  const password = 'a-long-password-1';
  const pageErrors = [];
  const shot = (name) => page.screenshot({ path: path.join(SCREENS, `${name}.png`), fullPage: false });

  test.before(async () => {
    fs.mkdirSync(SCREENS, { recursive: true });
    cloud = await startCloud();
    if (cloud.skip) return;
    tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'apigen-ui-'));
    server = await startBrowserMode(cloud.url, tmpRoot);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 820 } });
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('console', (msg) => { if (msg.type() === 'error') pageErrors.push(msg.text()); });
  });

  test.after(async () => {
    if (browser) await browser.close();
    if (server) await stopChild(server.child);
    if (cloud && cloud.stop) await cloud.stop();
    if (tmpRoot) fs.rmSync(tmpRoot, { recursive: true, force: true });
  });

  const skipWithoutCloud = (t) => {
    if (cloud.skip) t.skip(`no Cloud: ${cloud.skip}`);
    return Boolean(cloud.skip);
  };

  test('a page without the bridge token cannot call the app', async (t) => {
    if (skipWithoutCloud(t)) return;
    const answer = await fetch(new URL('/bridge/auth.status', server.url), {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}',
    });
    assert.equal(answer.status, 403);
    const events = await fetch(new URL('/bridge/events?token=wrong', server.url));
    assert.equal(events.status, 403);
  });

  test('sign up, sign out, wrong password, log in', async (t) => {
    if (skipWithoutCloud(t)) return;
    await page.goto(server.url);
    await page.waitForSelector('#auth-view:not([hidden])');
    assert.equal(await page.textContent('#cloud-pill'), 'Cloud online');
    await shot('01-login');

    await page.click('#tab-register');
    await page.fill('#auth-email', email);
    await page.fill('#auth-password', 'short');
    await page.click('#auth-submit');
    assert.match(await page.textContent('#auth-error'), /at least 8 characters/);
    await page.fill('#auth-password', password);
    await page.click('#auth-submit');
    await page.waitForSelector('#workspace:not([hidden])');
    await page.waitForSelector('.sidebar-empty');
    assert.equal(await page.textContent('#user-email'), email);
    assert.match(await page.textContent('.sidebar-empty'), /No projects yet/);
    await shot('02-new-api-empty');

    await page.click('#logout-btn');
    await page.waitForSelector('#auth-view:not([hidden])');
    await page.fill('#auth-email', email);
    await page.fill('#auth-password', 'not-the-password');
    await page.click('#auth-submit');
    await page.waitForSelector('#auth-error:not([hidden])');
    await shot('03-login-error');
    await page.fill('#auth-password', password);
    assert.equal(await page.isVisible('#auth-error'), false, 'editing the form dismisses the error');
    await page.click('#auth-submit');
    await page.waitForSelector('#workspace:not([hidden])');
  });

  test('a prompt runs through generate, build, tests and report', { timeout: RUN_TIMEOUT_MS + 60_000 }, async (t) => {
    if (skipWithoutCloud(t)) return;
    await page.click('#new-btn');
    await page.fill('#prompt', 'short');
    await page.click('#generate-btn');
    assert.match(await page.textContent('#compose-error'), /at least a sentence/);

    // Typing dismisses the validation message; the counter shows the Cloud's limit.
    await page.fill('#prompt', 'short, but now being edited');
    assert.equal(await page.isVisible('#compose-error'), false);
    assert.match(await page.textContent('#prompt-count'), /\/ 20000$/);
    assert.equal(await page.getAttribute('#prompt', 'maxlength'), '20000');
    await page.click('.chip >> text=Library');
    assert.match(await page.inputValue('#prompt'), /library/i);
    assert.equal(await page.isVisible('#compose-error'), false);
    await shot('04-prompt');
    await page.click('#generate-btn');
    await page.waitForSelector('#run-view:not([hidden])');
    await page.waitForSelector('.step-active, .step-failed');
    assert.equal(await page.getAttribute('#run-status', 'aria-live'), 'polite');

    // The new project shows up in the list while it is generated.
    await page.waitForSelector('.project-item', { timeout: 30_000 });

    if (!dockerWorks()) {
      // Without Docker the run stops at the build step with a clear message.
      await page.waitForSelector('.run-status-error, .run-status-failed', { timeout: 120_000 });
      await shot('05-run-no-docker');
      t.skip('Docker is not available here: the build, health and test steps were not exercised');
      return;
    }
    // The build starts, unless the run stopped first (then say why).
    const build = '.step-active:has-text("Build"), .step-done:has-text("Build")';
    await page.waitForSelector(`${build}, .run-status-error`, { timeout: 150_000 });
    assert.ok(await page.isVisible(build), await page.textContent('#run-status'));
    await page.waitForFunction(() => document.getElementById('log').textContent.split('\n').length > 3, null, { timeout: 300_000 });
    await shot('05-run-building');
    await page.waitForSelector('#results-body tr', { timeout: RUN_TIMEOUT_MS });
    await page.waitForSelector('.run-status-passed, .run-status-failed, .run-status-error', { timeout: RUN_TIMEOUT_MS });
    await shot('06-run-results');
    const status = await page.getAttribute('#run-status', 'class');
    assert.doesNotMatch(status, /error/, await page.textContent('#run-status'));
    const rows = await page.$$eval('#results-body tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    assert.ok(rows.length >= 5, `expected a real test suite, got ${rows.length} rows`);
    for (const [name, method, endpoint, code, result] of rows) {
      assert.ok(name && /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/.test(method) && endpoint.startsWith('/'), `row ${name}`);
      assert.ok(/^(Pass|Fail)$/.test(result) && code.length > 0);
    }
    const health = rows.find(([, method, endpoint]) => method === 'GET' && endpoint === '/health');
    assert.ok(health, 'the health check is in the table');
    if (/passed/.test(status)) {
      assert.ok(await page.isVisible('#docs-link'));
      assert.match(await page.getAttribute('#docs-link', 'href'), /^http:\/\/127\.0\.0\.1:\d+\/docs$/);
    }
  });

  test('the project list and project page show the result', async (t) => {
    if (skipWithoutCloud(t)) return;
    const item = page.locator('.project-item').first();
    await item.click();
    await page.waitForSelector('#project-view:not([hidden])');
    await page.waitForSelector('#project-body .facts');
    assert.equal(await page.textContent('#project-title'), 'library');
    assert.match(await page.textContent('.project-item .badge'), /Ready|Fixing|Failed|Generating/);
    await shot('07-project');
  });

  test('stop removes the local deployment', async (t) => {
    if (skipWithoutCloud(t)) return;
    const before = await page.evaluate(() => window.apigen.app.deployments());
    if (before.value.length === 0) {
      t.skip('nothing is running (no Docker, or the run did not deploy)');
      return;
    }
    await page.waitForSelector('#deployment-box');
    await shot('08-project-running');
    await page.click('#deployment-stop');
    await page.waitForSelector('#deployment-box', { state: 'detached', timeout: 120_000 });
    const after = await page.evaluate(() => window.apigen.app.deployments());
    assert.deepEqual(after.value, []);
    const compose = spawnSync('docker', ['ps', '-q', '--filter', `label=com.docker.compose.project=${before.value[0].composeProject}`], { encoding: 'utf8' });
    assert.equal(compose.stdout.trim(), '', 'containers are gone');
  });

  test('the resources card lists every key a client sends, many-to-many links too', async (t) => {
    if (skipWithoutCloud(t)) return;
    // Generated through the Cloud's API (no local run needed): the Blog example links posts to many tags.
    const client = new ApiClient({ baseUrl: cloud.url });
    await client.login(email, password);
    await page.click('#new-btn');
    await page.click('.chip >> text=Blog');
    const { project_id: projectId } = await client.generate(await page.inputValue('#prompt'));
    let status;
    for (let i = 0; i < 60 && status !== 'ready' && status !== 'failed'; i += 1) {
      await new Promise((r) => setTimeout(r, 1000));
      ({ status } = await client.getStatus(projectId));
    }
    assert.equal(status, 'ready');
    await page.reload();
    await page.waitForSelector('#workspace:not([hidden])');
    await page.locator('.project-item', { hasText: 'blog' }).first().click();
    await page.waitForSelector('#project-body .resource-list');
    const shown = await page.$$eval('.resource', (items) => items.map((li) => [
      li.querySelector('.resource-path').textContent, li.querySelector('.resource-fields').textContent]));
    assert.deepEqual(shown, [
      ['/authors', 'name, email'],
      ['/posts', 'title, body, published, author_id, tag_ids'],
      ['/tags', 'name'],
    ]);
    await shot('09-project-resources');
  });

  test('no script errors on any screen', (t) => {
    if (skipWithoutCloud(t)) return;
    // Expected 401s of the wrong-password step are answered inside the app, not as console errors.
    assert.deepEqual(pageErrors.filter((e) => !/401|Failed to load resource/.test(e)), []);
  });
});
