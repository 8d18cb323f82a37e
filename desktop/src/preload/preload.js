'use strict';
// The only bridge between the sandboxed renderer and the main process: a small
// named API (never ipcRenderer itself). Every call resolves to an envelope
// { ok, value | error } (see src/main/ipc-api.js). The channel list is repeated
// here because a sandboxed preload cannot require app files; a test keeps it
// in sync with ipc-api.js.
const { contextBridge, ipcRenderer } = require('electron');

const CHANNELS = [
  'auth.status', 'auth.register', 'auth.login', 'auth.logout', 'auth.setTokenPersistence',
  'projects.list', 'projects.get', 'projects.delete',
  'run.start', 'run.verify', 'run.stop', 'run.list',
  'app.deployments', 'app.openDocs',
];
const EVENT_CHANNEL = 'apigen:event';

const api = { mode: 'electron' };
for (const channel of CHANNELS) {
  const [group, method] = channel.split('.');
  api[group] = api[group] || {};
  api[group][method] = (args) => ipcRenderer.invoke(channel, args);
}
// Run progress and session changes pushed by the main process; returns an unsubscribe.
api.onRunEvent = (callback) => {
  const listener = (_event, payload) => callback(payload);
  ipcRenderer.on(EVENT_CHANNEL, listener);
  return () => ipcRenderer.removeListener(EVENT_CHANNEL, listener);
};

contextBridge.exposeInMainWorld('apigen', api);
