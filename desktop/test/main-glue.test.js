'use strict';
// The Electron glue (main.js, preload.js, index.html) loaded with a stand-in
// `electron` module: the Electron binary cannot run here, everything else is
// real (ipc-api, ApiClient, DockerManager and, when it starts, a real Cloud).
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const Module = require('node:module');
const { EventEmitter } = require('node:events');
const { pathToFileURL } = require('node:url');
const { CHANNELS, validateDocsUrl } = require('../src/main/ipc-api');
const { DockerManager } = require('../src/main/docker-manager');
const { startCloud } = require('../test-ui/support/cloud');

const SRC = path.resolve(__dirname, '..', 'src');
const MAIN = path.join(SRC, 'main', 'main.js');
const RENDERER_URL = pathToFileURL(path.join(SRC, 'renderer', 'index.html')).href;

function fakeElectron({ userData, backend = 'gnome_libsecret' }) {
  const calls = { handlers: new Map(), windows: [], quit: 0, opened: [], permissionHandler: null };
  class BrowserWindow extends EventEmitter {
    constructor(options) {
      super();
      this.options = options;
      this.destroyed = false;
      this.hidden = false;
      this.webContents = Object.assign(new EventEmitter(), {
        sent: [],
        setWindowOpenHandler: (fn) => { this.webContents.windowOpenHandler = fn; },
        send: (channel, payload) => this.webContents.sent.push({ channel, payload }),
      });
      calls.windows.push(this);
    }
    loadFile(file) { this.loaded = file; }
    show() {}
    hide() { this.hidden = true; }
    destroy() { this.destroyed = true; }
    isDestroyed() { return this.destroyed; }
  }
  const app = Object.assign(new EventEmitter(), {
    whenReady: () => Promise.resolve(),
    getPath: (name) => { assert.equal(name, 'userData'); return userData; },
    quit: () => { calls.quit += 1; app.emit('before-quit', { preventDefault() {} }); },
  });
  const electron = {
    app,
    BrowserWindow,
    ipcMain: { handle: (channel, fn) => calls.handlers.set(channel, fn) },
    // Reversible but not the plain text, like the real thing.
    safeStorage: {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => backend,
      encryptString: (text) => Buffer.from(`v10${Buffer.from(text).toString('base64')}`),
      decryptString: (buf) => Buffer.from(buf.toString().slice(3), 'base64').toString(),
    },
    shell: { openExternal: async (url) => calls.opened.push(url) },
    session: { defaultSession: { setPermissionRequestHandler: (fn) => { calls.permissionHandler = fn; } } },
  };
  return { electron, calls };
}

function withElectron(electron, fn) {
  const original = Module._load;
  Module._load = function load(request, ...rest) {
    return request === 'electron' ? electron : original.call(this, request, ...rest);
  };
  try {
    return fn();
  } finally {
    Module._load = original;
  }
}

async function loadMain({ userData, backend, cloudUrl = 'http://127.0.0.1:9' }) {
  const fake = fakeElectron({ userData, backend });
  process.env.APIGEN_CLOUD_URL = cloudUrl;
  withElectron(fake.electron, () => {
    delete require.cache[MAIN];
    require(MAIN);
  });
  await new Promise((resolve) => setImmediate(resolve)); // app.whenReady().then(...)
  return { ...fake, win: fake.calls.windows[0] };
}

const trusted = { senderFrame: { url: RENDERER_URL } };
const tmpUserData = () => fs.mkdtempSync(path.join(os.tmpdir(), 'apigen-glue-'));

test('the window is locked down: isolation, sandbox, no window.open, no navigation', async () => {
  const { win, calls } = await loadMain({ userData: tmpUserData() });
  const prefs = win.options.webPreferences;
  assert.equal(prefs.contextIsolation, true);
  assert.equal(prefs.sandbox, true);
  assert.equal(prefs.nodeIntegration, false);
  assert.equal(prefs.webSecurity, true);
  assert.ok(fs.existsSync(prefs.preload), 'preload script exists');
  assert.equal(pathToFileURL(win.loaded).href, RENDERER_URL);
  assert.deepEqual(win.webContents.windowOpenHandler({ url: 'https://example.com' }), { action: 'deny' });
  let prevented = false;
  win.webContents.emit('will-navigate', { preventDefault: () => { prevented = true; } }, 'https://example.com');
  assert.ok(prevented, 'navigation away from the app is prevented');
  let granted = null;
  calls.permissionHandler(null, 'media', (ok) => { granted = ok; });
  assert.equal(granted, false, 'permission requests are refused');
});

test('every channel has an IPC handler that refuses foreign frames', async () => {
  const { calls } = await loadMain({ userData: tmpUserData() });
  assert.deepEqual([...calls.handlers.keys()].sort(), [...CHANNELS].sort());
  const status = calls.handlers.get('auth.status');
  for (const url of ['https://evil.example/', 'file:///tmp/index.html', pathToFileURL(path.join(SRC, 'renderer', 'app.js')).href]) {
    await assert.rejects(() => status({ senderFrame: { url } }, {}), /untrusted/, url);
  }
  await assert.rejects(() => status({ senderFrame: null }, {}), /untrusted/);
  const answer = await status(trusted, {});
  assert.equal(answer.ok, true);
  assert.equal(answer.value.loggedIn, false);
  assert.equal(answer.value.cloudUrl, 'http://127.0.0.1:9');
});

test('openDocs refuses anything but the /docs page of a running deployment', async () => {
  const { calls } = await loadMain({ userData: tmpUserData() });
  const open = calls.handlers.get('app.openDocs');
  for (const url of ['https://example.com/docs', 'http://127.0.0.1:8000/docs', 'file:///etc/passwd', 'javascript:alert(1)']) {
    const answer = await open(trusted, { url });
    assert.equal(answer.ok, false, url);
    assert.equal(answer.error.code, 'invalid');
  }
  assert.deepEqual(calls.opened, []);
  const running = [{ projectId: 'p1', port: 8123 }];
  assert.equal(validateDocsUrl('http://127.0.0.1:8123/docs', running), 'http://127.0.0.1:8123/docs');
  assert.throws(() => validateDocsUrl('http://127.0.0.1:8123/docs?x=1', running));
  assert.throws(() => validateDocsUrl('http://127.0.0.1:8123/admin', running));
});

test('the preload exposes the named API only, one invoke per channel', () => {
  const exposed = {};
  const invoked = [];
  const listeners = new EventEmitter();
  const electron = {
    contextBridge: { exposeInMainWorld: (key, value) => { exposed[key] = value; } },
    ipcRenderer: {
      invoke: async (channel, args) => { invoked.push([channel, args]); return { ok: true }; },
      on: (channel, fn) => listeners.on(channel, fn),
      removeListener: (channel, fn) => listeners.removeListener(channel, fn),
    },
  };
  const preload = path.join(SRC, 'preload', 'preload.js');
  withElectron(electron, () => { delete require.cache[preload]; require(preload); });
  assert.deepEqual(Object.keys(exposed), ['apigen']);
  const api = exposed.apigen;
  assert.ok(!JSON.stringify(Object.keys(api)).includes('ipcRenderer'));
  for (const channel of CHANNELS) {
    const [group, method] = channel.split('.');
    api[group][method]({ probe: channel });
  }
  assert.deepEqual(invoked.map(([c]) => c), CHANNELS);
  assert.ok(invoked.every(([c, args]) => args.probe === c));
  const seen = [];
  const unsubscribe = api.onRunEvent((ev) => seen.push(ev));
  listeners.emit('apigen:event', {}, { type: 'log', line: 'x' });
  unsubscribe();
  listeners.emit('apigen:event', {}, { type: 'log', line: 'y' });
  assert.deepEqual(seen, [{ type: 'log', line: 'x' }]);
});

test('the renderer has a strict CSP and no inline script or style', () => {
  const html = fs.readFileSync(path.join(SRC, 'renderer', 'index.html'), 'utf8');
  assert.match(html, /http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'"/);
  for (const tag of html.match(/<script\b[^>]*>/g)) assert.match(tag, /\ssrc="[^"]+"/, tag);
  assert.doesNotMatch(html, /<script\b[^>]*>[^<]+<\/script>/);
  assert.doesNotMatch(html, /\son[a-z]+="/i, 'no inline event handlers');
  assert.doesNotMatch(html, /\sstyle="/i, 'no inline styles');
  assert.doesNotMatch(fs.readFileSync(path.join(SRC, 'renderer', 'app.js'), 'utf8'), /innerHTML|eval\(/);
});

test('closing the window and quitting stop every deployment first', async (t) => {
  const original = DockerManager.prototype.stopAll;
  const order = [];
  let release;
  DockerManager.prototype.stopAll = async function stopAll() {
    order.push('stopAll');
    await new Promise((resolve) => { release = resolve; });
    await original.call(this);
    order.push('stopped');
  };
  t.after(() => { DockerManager.prototype.stopAll = original; });

  const { win, electron, calls } = await loadMain({ userData: tmpUserData() });
  let prevented = false;
  win.emit('close', { preventDefault: () => { prevented = true; } });
  assert.ok(prevented, 'the window stays until clean-up is done');
  assert.ok(win.hidden);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(order, ['stopAll']);
  assert.equal(win.destroyed, false, 'not destroyed while containers are being stopped');
  release();
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(order, ['stopAll', 'stopped']);
  assert.equal(win.destroyed, true);

  // Quitting after the clean-up goes straight through.
  let quitPrevented = false;
  electron.app.emit('before-quit', { preventDefault: () => { quitPrevented = true; } });
  assert.equal(quitPrevented, false);
  assert.equal(calls.quit, 0);
});

test('quitting waits for stopAll, then quits', async (t) => {
  const original = DockerManager.prototype.stopAll;
  let release;
  let count = 0;
  DockerManager.prototype.stopAll = async function stopAll() {
    count += 1;
    await new Promise((resolve) => { release = resolve; });
    return original.call(this);
  };
  t.after(() => { DockerManager.prototype.stopAll = original; });
  const { electron, calls } = await loadMain({ userData: tmpUserData() });
  let prevented = false;
  electron.app.emit('before-quit', { preventDefault: () => { prevented = true; } });
  assert.ok(prevented);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(count, 1);
  assert.equal(calls.quit, 0, 'does not quit before the containers are down');
  release();
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(calls.quit, 1);
  assert.equal(count, 1, 'clean-up runs once');
});

test.describe('session token storage (real Cloud)', () => {
  let cloud;
  test.before(async () => { cloud = await startCloud(); });
  test.after(async () => { if (cloud && cloud.stop) await cloud.stop(); });

  const email = () => `glue-${Date.now()}-${Math.random().toString(16).slice(2, 8)}@example.com`;

  test('with an OS keyring the token is saved encrypted and restored on restart', async (t) => {
    if (cloud.skip) return t.skip(cloud.skip);
    const userData = tmpUserData();
    const first = await loadMain({ userData, cloudUrl: cloud.url });
    const answer = await first.calls.handlers.get('auth.register')(trusted, { email: email(), password: 'correct horse 1' });
    assert.equal(answer.ok, true, JSON.stringify(answer.error));
    assert.equal(answer.value.tokenStorage.persistent, true);
    const file = path.join(userData, 'session.bin');
    const stored = fs.readFileSync(file);
    assert.ok(stored.toString().startsWith('v10'), 'written through safeStorage.encryptString');
    assert.equal(fs.statSync(file).mode & 0o077, 0, 'readable by the owner only');

    const second = await loadMain({ userData, cloudUrl: cloud.url });
    const status = await second.calls.handlers.get('auth.status')(trusted, {});
    assert.equal(status.value.loggedIn, true, 'the session survives a restart');

    await second.calls.handlers.get('auth.logout')(trusted, {});
    assert.equal(fs.existsSync(file), false, 'logout deletes the stored session');
    return undefined;
  });

  test('with basic_text the token stays in memory unless the user opts in', async (t) => {
    if (cloud.skip) return t.skip(cloud.skip);
    const userData = tmpUserData();
    const { calls } = await loadMain({ userData, backend: 'basic_text', cloudUrl: cloud.url });
    const answer = await calls.handlers.get('auth.register')(trusted, { email: email(), password: 'correct horse 1' });
    assert.equal(answer.ok, true, JSON.stringify(answer.error));
    assert.deepEqual(answer.value.tokenStorage, { persistent: false, backend: 'basic_text', canPersist: true });
    const file = path.join(userData, 'session.bin');
    assert.equal(fs.existsSync(file), false, 'nothing written without consent');
    assert.equal((await calls.handlers.get('auth.status')(trusted, {})).value.loggedIn, true);

    const opted = await calls.handlers.get('auth.setTokenPersistence')(trusted, { persist: true });
    assert.equal(opted.value.persistent, true);
    assert.ok(fs.existsSync(file), 'written once the user opted in');
    await calls.handlers.get('auth.setTokenPersistence')(trusted, { persist: false });
    assert.equal(fs.existsSync(file), false, 'removed again when the user opts out');
    return undefined;
  });
});
