'use strict';
// Browser mode only: the same `window.apigen` API as the Electron preload,
// over HTTP to src/browser-mode/server.js. In Electron window.apigen already
// exists (preload), so this does nothing.
(function installBridge() {
  if (window.apigen) return;
  const CHANNELS = [
    'auth.status', 'auth.register', 'auth.login', 'auth.logout', 'auth.setTokenPersistence',
    'projects.list', 'projects.get', 'projects.delete',
    'run.start', 'run.verify', 'run.stop', 'run.list',
    'app.deployments', 'app.openDocs',
  ];
  const token = new URLSearchParams(window.location.search).get('token') || '';

  async function call(channel, args) {
    let response;
    try {
      response = await fetch(`/bridge/${channel}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Apigen-Token': token },
        body: JSON.stringify(args === undefined ? {} : args),
      });
    } catch {
      return { ok: false, error: { code: 'bridge', message: 'The local app server is not reachable.' } };
    }
    if (response.status === 403) {
      return { ok: false, error: { code: 'bridge', message: 'This page is not authorised. Open the exact URL printed by the server.' } };
    }
    try {
      return await response.json();
    } catch {
      return { ok: false, error: { code: 'bridge', message: `Unexpected answer from the local app server (${response.status}).` } };
    }
  }

  const api = { mode: 'browser' };
  for (const channel of CHANNELS) {
    const [group, method] = channel.split('.');
    api[group] = api[group] || {};
    api[group][method] = (args) => call(channel, args);
  }
  // No shell here: once the server validated the URL, the page opens it.
  api.app.openDocs = async (args) => {
    const result = await call('app.openDocs', args);
    if (result.ok) window.open(result.value.opened, '_blank', 'noopener,noreferrer');
    return result;
  };

  const listeners = new Set();
  let source = null;
  api.onRunEvent = (callback) => {
    listeners.add(callback);
    if (!source) {
      source = new EventSource(`/bridge/events?token=${encodeURIComponent(token)}`);
      source.onmessage = (message) => {
        const event = JSON.parse(message.data);
        for (const listener of listeners) listener(event);
      };
    }
    return () => listeners.delete(callback);
  };

  for (const group of Object.values(api)) if (group && typeof group === 'object') Object.freeze(group);
  window.apigen = Object.freeze(api);
})();
