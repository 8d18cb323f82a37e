'use strict';
// Electron glue only: a locked-down window, IPC wiring to ipc-api.js, the
// token in safeStorage and clean-up of local deployments on close/quit.

const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { app, BrowserWindow, ipcMain, safeStorage, shell, session } = require('electron');
const { createDesktopApi } = require('./ipc-api');
const { DockerManager } = require('./docker-manager');

const RENDERER_HTML = path.join(__dirname, '..', 'renderer', 'index.html');
const RENDERER_URL = pathToFileURL(RENDERER_HTML).href;
const PRELOAD = path.join(__dirname, '..', 'preload', 'preload.js');
const EVENT_CHANNEL = 'apigen:event';
const SHUTDOWN_LIMIT_MS = 60_000;

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return {};
  }
}

function writePrivate(file, data) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, data, { mode: 0o600 });
}

// With Linux's 'basic_text' backend safeStorage "encrypts" with a hard-coded
// key, so the token stays in memory unless the user opted in (a setting).
function safeTokenStore(dir) {
  const tokenFile = path.join(dir, 'session.bin');
  const settingsFile = path.join(dir, 'settings.json');
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os';
  const available = safeStorage.isEncryptionAvailable();
  let token = null;
  const persistent = () =>
    available && (backend !== 'basic_text' || readJson(settingsFile).allowPlainTextToken === true);
  const store = {
    load() {
      if (persistent() && fs.existsSync(tokenFile)) token = safeStorage.decryptString(fs.readFileSync(tokenFile));
      return token;
    },
    save(value) {
      token = value;
      if (persistent()) writePrivate(tokenFile, safeStorage.encryptString(value));
      else fs.rmSync(tokenFile, { force: true });
    },
    clear() {
      token = null;
      fs.rmSync(tokenFile, { force: true });
    },
    setPersist(persist) {
      writePrivate(settingsFile, JSON.stringify({ ...readJson(settingsFile), allowPlainTextToken: persist }));
      if (token) store.save(token);
    },
    describe: () => ({ persistent: persistent(), backend, canPersist: available && backend === 'basic_text' }),
  };
  return store;
}

function cloudUrlSetting(userData) {
  const flag = process.argv.find((a) => a.startsWith('--cloud-url='));
  return (flag && flag.slice('--cloud-url='.length)) ||
    process.env.APIGEN_CLOUD_URL || readJson(path.join(userData, 'settings.json')).cloudUrl ||
    'http://127.0.0.1:8000';
}

function isTrustedSender(event) {
  const frame = event.senderFrame;
  if (!frame || !frame.url) return false;
  try {
    const url = new URL(frame.url);
    url.hash = '';
    url.search = '';
    return url.href === RENDERER_URL;
  } catch {
    return false;
  }
}

function createWindow() {
  const win = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    title: 'API Generator',
    backgroundColor: '#f6f7fb',
    show: false,
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    },
  });
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());
  win.loadFile(RENDERER_HTML);
  return win;
}

function main() {
  let api = null;
  let win = null;
  let shutdown = null;
  let cleanedUp = false;

  // Idempotent: aborts runs and stops every container, bounded in time so a
  // hung Docker cannot keep the app from quitting.
  const cleanUp = () => {
    if (!shutdown) {
      const limit = new Promise((resolve) => setTimeout(resolve, SHUTDOWN_LIMIT_MS).unref());
      shutdown = Promise.race([api ? api.shutdown() : Promise.resolve(), limit])
        .catch((err) => console.error('clean-up failed', err))
        .finally(() => { cleanedUp = true; });
    }
    return shutdown;
  };

  app.on('before-quit', (event) => {
    if (cleanedUp) return;
    event.preventDefault();
    cleanUp().then(() => app.quit());
  });
  app.on('window-all-closed', () => app.quit());

  app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    const userData = app.getPath('userData');
    // Build output goes to the run that is deploying (ipc-api routes it).
    const docker = new DockerManager({ onLog: (line) => api && api.onDockerLog(line) });
    api = createDesktopApi({
      cloudUrl: cloudUrlSetting(userData),
      tokenStore: safeTokenStore(userData),
      docker,
      // Reached only with a URL validated by ipc-api (a running deployment's /docs).
      openExternal: (url) => shell.openExternal(url),
    });
    for (const channel of api.channels) {
      ipcMain.handle(channel, async (event, args) => {
        if (!isTrustedSender(event)) throw new Error('Refused: call from an untrusted frame');
        return api.invoke(channel, args);
      });
    }
    win = createWindow();
    api.events.on('event', (ev) => {
      if (win && !win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, ev);
    });
    win.on('close', (event) => {
      if (cleanedUp) return;
      event.preventDefault();
      win.hide();
      cleanUp().then(() => win.destroy());
    });
  });
}

main();
