'use strict';
// Browser mode: the renderer served over HTTP on 127.0.0.1, with the same
// `window.apigen` API as in Electron (the page's bridge-shim.js posts to
// /bridge/<channel> and listens to /bridge/events), backed by the same
// ipc-api.js table and core modules. For development and UI tests.
//
//   node src/browser-mode/server.js --cloud-url http://127.0.0.1:8000 [--port 0] [--tmp-root DIR]

const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { randomBytes, timingSafeEqual } = require('node:crypto');
const { createDesktopApi, memoryTokenStore } = require('../main/ipc-api');

const RENDERER_DIR = path.resolve(__dirname, '..', 'renderer');
const MAX_BODY_BYTES = 64 * 1024;
const CSP = "default-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'";
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon' };
const BASE_HEADERS = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  // The page URL carries the bridge token: never leak it to other sites.
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'X-Frame-Options': 'DENY',
};

function send(res, status, body, type = 'application/json; charset=utf-8') {
  res.writeHead(status, { ...BASE_HEADERS, 'Content-Type': type });
  res.end(typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body));
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(Object.assign(new Error('Request too large'), { status: 413 }));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function serveStatic(res, urlPath) {
  const rel = urlPath === '/' ? 'index.html' : decodeURIComponent(urlPath.slice(1));
  const file = path.resolve(RENDERER_DIR, rel);
  if (!file.startsWith(RENDERER_DIR + path.sep) || !TYPES[path.extname(file)]) {
    return send(res, 404, { error: 'Not found' });
  }
  fs.readFile(file, (err, data) => {
    if (err) return send(res, 404, { error: 'Not found' });
    send(res, 200, data, TYPES[path.extname(file)]);
  });
}

/**
 * @returns {Promise<{url: string, port: number, api: object, close: () => Promise<void>}>}
 */
async function startBrowserServer({ cloudUrl, port = 0, tmpRoot, docker, runOptions } = {}) {
  if (!cloudUrl) throw new Error('--cloud-url is required');
  const token = randomBytes(24).toString('hex');
  const tokenBuf = Buffer.from(token);
  let api = null;
  if (!docker) {
    const { DockerManager } = require('../main/docker-manager');
    // Build output goes to the run that is deploying (ipc-api routes it).
    docker = new DockerManager({ onLog: (line) => api && api.onDockerLog(line), ...(tmpRoot ? { tmpRoot } : {}) });
  }
  // openExternal is a no-op: the page itself opens the validated /docs URL.
  api = createDesktopApi({ cloudUrl, tokenStore: memoryTokenStore(), docker, openExternal: async () => {}, runOptions });
  const streams = new Set();
  api.events.on('event', (ev) => {
    const frame = `data: ${JSON.stringify(ev)}\n\n`;
    for (const res of streams) res.write(frame);
  });

  let actualPort = port;
  const authorised = (value) => {
    const given = Buffer.from(String(value || ''));
    return given.length === tokenBuf.length && timingSafeEqual(given, tokenBuf);
  };

  const server = http.createServer(async (req, res) => {
    // Only our own host name: defeats DNS rebinding from a web page.
    const host = req.headers.host;
    if (host !== `127.0.0.1:${actualPort}` && host !== `localhost:${actualPort}`) {
      return send(res, 421, { error: 'Wrong host' });
    }
    const url = new URL(req.url, `http://${host}`);
    try {
      if (url.pathname === '/bridge/events' && req.method === 'GET') {
        if (!authorised(url.searchParams.get('token'))) return send(res, 403, { error: 'Forbidden' });
        res.writeHead(200, { ...BASE_HEADERS, 'Content-Type': 'text/event-stream', Connection: 'keep-alive' });
        res.write(': connected\n\n');
        streams.add(res);
        const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
        req.on('close', () => { clearInterval(ping); streams.delete(res); });
        return undefined;
      }
      if (url.pathname.startsWith('/bridge/')) {
        if (req.method !== 'POST') return send(res, 405, { error: 'Use POST' });
        if (!authorised(req.headers['x-apigen-token'])) return send(res, 403, { error: 'Forbidden' });
        if (!String(req.headers['content-type'] || '').startsWith('application/json')) {
          return send(res, 415, { error: 'Send JSON' });
        }
        let args;
        try {
          const raw = await readBody(req);
          args = raw ? JSON.parse(raw) : {};
        } catch (err) {
          return send(res, err.status || 400, { ok: false, error: { code: 'invalid', message: err.status ? err.message : 'Malformed JSON' } });
        }
        return send(res, 200, await api.invoke(url.pathname.slice('/bridge/'.length), args));
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: 'Method not allowed' });
      return serveStatic(res, url.pathname);
    } catch (err) {
      console.error('browser-mode request failed', err);
      return send(res, 500, { error: 'Internal error' });
    }
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  actualPort = server.address().port;

  const close = async () => {
    for (const res of streams) res.end();
    await api.shutdown();
    await new Promise((resolve) => server.close(resolve));
  };
  return { url: `http://127.0.0.1:${actualPort}/?token=${token}`, port: actualPort, api, close };
}

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i += 1) {
    const [key, inline] = argv[i].split('=', 2);
    const value = inline !== undefined ? inline : argv[++i];
    if (key === '--cloud-url') out.cloudUrl = value;
    else if (key === '--port') out.port = Number(value);
    else if (key === '--tmp-root') out.tmpRoot = value;
    else throw new Error(`Unknown option ${key}`);
  }
  if (out.port !== undefined && !(Number.isInteger(out.port) && out.port >= 0 && out.port < 65536)) {
    throw new Error('--port must be a number between 0 and 65535');
  }
  return out;
}

if (require.main === module) {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
    if (!options.cloudUrl) throw new Error('--cloud-url is required');
  } catch (err) {
    console.error(`${err.message}\nusage: node src/browser-mode/server.js --cloud-url URL [--port P] [--tmp-root DIR]`);
    process.exit(2);
  }
  startBrowserServer(options).then((srv) => {
    console.log(`API Generator (browser mode): ${srv.url}`);
    let closing = false;
    const stop = () => {
      if (closing) return;
      closing = true;
      console.log('Stopping local deployments...');
      srv.close().finally(() => process.exit(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  }, (err) => {
    console.error(`Cannot start: ${err.message}`);
    process.exit(1);
  });
}

module.exports = { startBrowserServer };
