'use strict';
// UI test of the automatic-fix screens: the renderer (browser mode, same ipc-api table and core modules as
// Electron) against a local test Cloud that answers like the real one, with real Docker running a tiny project:
//  - a project broken in version 1 and correct from version 2 shows "attempt 1/3", then passes;
//  - a project that stays broken goes through attempts 1..3 and ends "Still failing after 3 fix attempts".
// Screens are saved to test-output/screens/ for review.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { chromium } = require('playwright-core');
const { startBrowserServer } = require('../src/browser-mode/server');
const { startTestCloud } = require('../test/helpers/test-cloud');
const { miniProjectZip, miniSpec } = require('../test/helpers/mini-project');

const SCREENS = path.join(__dirname, '..', 'test-output', 'screens');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const RUN_TIMEOUT_MS = 120_000;
const NEVER_FIXED = 'never fixed';

const dockerWorks = () => spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 20_000 }).status === 0;

test.describe('fix attempts in the UI', { concurrency: false }, () => {
  let cloud;
  let server;
  let browser;
  let page;
  let tmpRoot;
  const pageErrors = [];
  const shot = (name) => page.screenshot({ path: path.join(SCREENS, `${name}.png`) });
  const skipWithoutDocker = (t) => {
    if (!server) t.skip('Docker is not available here');
    return !server;
  };

  test.before(async () => {
    if (!dockerWorks()) return;
    fs.mkdirSync(SCREENS, { recursive: true });
    cloud = await startTestCloud({
      spec: miniSpec(),
      zipFor: (project, version) => miniProjectZip(project.prompt.includes(NEVER_FIXED) || version < 2 ? 'broken' : 'correct'),
    });
    tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'apigen-ui-fix-'));
    server = await startBrowserServer({ cloudUrl: cloud.baseUrl, tmpRoot, runOptions: { pollIntervalMs: 250 } });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless', '--disable-gpu'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 820 } });
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(server.url);
    await page.waitForSelector('#auth-view:not([hidden])');
    await page.fill('#auth-email', 'tester@example.com');
    await page.fill('#auth-password', 'a-long-password-1');
    await page.click('#auth-submit');
    await page.waitForSelector('#workspace:not([hidden])');
  });

  test.after(async () => {
    if (browser) await browser.close();
    if (server) await server.close(); // stops every local deployment
    if (cloud) await cloud.close();
    if (tmpRoot) fs.rmSync(tmpRoot, { recursive: true, force: true });
  });

  async function startRun(prompt, name) {
    await page.click('#new-btn');
    await page.fill('#prompt', prompt);
    await page.fill('#project-name', name);
    await page.click('#generate-btn');
    await page.waitForSelector('#run-view:not([hidden])');
  }
  const stepSub = () => page.textContent('.step-sub').catch(() => null);

  test('a failing project is fixed: attempt 1/3, then all tests pass', { timeout: RUN_TIMEOUT_MS }, async (t) => {
    if (skipWithoutDocker(t)) return;
    await startRun('A notes API where every note has a text', 'notes');
    // While the Cloud fixes, the stepper's active step is Fix (not Generate) with the attempt number.
    await page.waitForFunction(() => document.querySelector('.run-status-running') &&
      (document.querySelector('.step-active .step-label') || {}).textContent === 'Fix' &&
      (document.querySelector('.step-sub') || {}).textContent === 'attempt 1/3', null, { timeout: RUN_TIMEOUT_MS, polling: 20 });
    // The failing test of version 1 stays on screen while the fix is made.
    const failing = await page.$$eval('#results-body tr.row-fail', (rows) => rows.map((r) => r.cells[0].textContent));
    assert.deepEqual(failing, ['GET unknown note id → 404']);
    await shot('09-run-fix-attempt');

    await page.waitForSelector('.run-status-passed', { timeout: RUN_TIMEOUT_MS });
    assert.match(await page.textContent('#run-status'), /^All \d+ tests passed after 1 automatic fix\. Your API is running at http:\/\/127\.0\.0\.1:\d+\.$/);
    assert.equal(await stepSub(), 'attempt 1/3');
    assert.equal(await page.$$eval('#results-body tr.row-fail', (rows) => rows.length), 0);
    assert.ok(await page.isVisible('#docs-link'));
    await shot('10-run-fixed');
    const project = [...cloud.projects.values()].find((p) => p.name === 'notes');
    assert.deepEqual(project.reports.map((r) => r.passed), [false, true]);
    assert.equal(project.lastFix.attempt_number, 1);
  });

  test('a project that stays broken: attempts 1..3, then the run gives up', { timeout: RUN_TIMEOUT_MS }, async (t) => {
    if (skipWithoutDocker(t)) return;
    await startRun(`A notes API where every note has a text (${NEVER_FIXED})`, 'stubborn');
    const seen = new Set();
    // Sample the stepper while the loop runs: every attempt shows up on screen in order.
    const deadline = Date.now() + RUN_TIMEOUT_MS;
    while (!(await page.isVisible('.run-status-failed, .run-status-error'))) {
      const sub = await stepSub();
      if (sub) seen.add(sub);
      assert.ok(Date.now() < deadline, 'the run did not end');
      await page.waitForTimeout(100);
    }
    assert.deepEqual([...seen], ['attempt 1/3', 'attempt 2/3', 'attempt 3/3']);
    assert.equal(await page.textContent('#run-status'), 'Still failing after 3 fix attempts: 1 of 4 tests fail');
    assert.match(await page.getAttribute('#run-status', 'class'), /run-status-failed/);
    // Tests are marked failed in the stepper; nothing is left running, so no docs link and no stop button.
    assert.equal(await page.textContent('.step-failed .step-label'), 'Tests');
    assert.deepEqual(await page.$$eval('.step-done .step-label', (labels) => labels.map((l) => l.textContent)), ['Generate', 'Build', 'Health check', 'Report', 'Fix']);
    assert.equal(await page.isVisible('#docs-link'), false);
    assert.equal(await page.isVisible('#stop-btn'), false);
    assert.ok((await page.$$('#results-body tr.row-fail')).length >= 1);
    await shot('11-run-gave-up');
    const project = [...cloud.projects.values()].find((p) => p.name === 'stubborn');
    assert.equal(project.reports.length, 4);
    const deployments = await page.evaluate(() => window.apigen.app.deployments());
    assert.ok(deployments.value.every((d) => d.projectId !== project.id), 'the failed project is not left running');
  });

  test('the project list shows both outcomes; no script errors', async (t) => {
    if (skipWithoutDocker(t)) return;
    await page.waitForFunction(() => document.querySelectorAll('.project-item').length === 2);
    const metas = await page.$$eval('.project-item', (items) => items.map((i) => [i.querySelector('.project-name').textContent, i.querySelector('.project-meta').textContent]));
    assert.deepEqual(metas.map(([name, meta]) => [name, meta.split(' · ')[0]]), [['stubborn', '3/4 tests'], ['notes', '4/4 tests']]);
    await shot('12-project-list-outcomes');
    assert.deepEqual(pageErrors, []);
  });
});
