'use strict';
/**
 * A small HTTP server answering the Cloud endpoints the run loop uses, with the Cloud's rules: reports decide
 * `none` / `fix` / `give_up` (3 fix attempts), a fix makes a new version. `versions[n-1]` lists the test-API
 * faults of version n (see test-api.js); the "ZIP" served is just `version:<n>`, which the DockerManager
 * stand-in used with it understands.
 */
const http = require('node:http');
const { randomUUID } = require('node:crypto');
const { librarySpec, startTestApi } = require('./test-api');

function startTestCloud({ versions = [[]], generationError = null, maxFixes = 3 } = {}) {
  const spec = librarySpec();
  const projects = new Map();
  const calls = [];

  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => { raw += c; });
    req.on('end', () => {
      const url = new URL(req.url, 'http://x');
      calls.push(`${req.method} ${url.pathname}`);
      const body = raw ? JSON.parse(raw) : undefined;
      const send = (status, value, type = 'application/json') => {
        res.writeHead(status, { 'Content-Type': type });
        res.end(Buffer.isBuffer(value) ? value : JSON.stringify(value));
      };
      if (req.headers.authorization !== 'Bearer test-token') return send(401, { detail: 'Not authenticated' });
      if (req.method === 'POST' && url.pathname === '/api/v1/generate-from-prompt') {
        const id = randomUUID();
        projects.set(id, { id, name: body.name || 'library', prompt: body.prompt, status: 'generating', version: 0, polls: 0, fixes: 0, reports: [] });
        return send(202, { job_id: randomUUID(), project_id: id, status: 'generating' });
      }
      const match = /^\/api\/v1\/projects\/([^/]+)(?:\/([a-z-]+))?$/.exec(url.pathname);
      const project = match && projects.get(match[1]);
      if (!project) return send(404, { detail: 'Project not found' });
      // A job finishes on the second status poll.
      const advance = () => {
        project.polls += 1;
        if (project.status === 'generating' || project.status === 'fixing') {
          if (project.polls < 2) return;
          if (generationError) Object.assign(project, { status: 'failed', error: generationError });
          else Object.assign(project, { status: 'ready', version: project.version + 1 });
        }
      };
      switch (`${req.method} ${match[2] || ''}`) {
        case 'GET status':
          advance();
          return send(200, { status: project.status, version: project.version, error: project.error || null, job_id: null });
        case 'GET ':
          return send(200, { ...project, spec: project.version ? spec : null, fix_attempts_used: project.fixes, fix_attempts_left: maxFixes - project.fixes });
        case 'GET download':
          return send(200, Buffer.from(`version:${url.searchParams.get('version')}`), 'application/zip');
        case 'POST verify-report': {
          const reportId = randomUUID();
          project.reports.push({ reportId, ...body });
          const action = body.passed ? 'none' : project.fixes < maxFixes ? 'fix' : 'give_up';
          return send(200, { status: 'recorded', action_required: action, message: action === 'none' ? 'All tests passed.' : action === 'fix' ? 'Failing tests detected.' : 'No fix attempts left.', report_id: reportId });
        }
        case 'POST fix':
          if (body.report_id !== project.reports.at(-1).reportId) return send(409, { detail: 'Not the latest report' });
          project.fixes += 1;
          project.lastFix = body;
          Object.assign(project, { status: 'fixing', polls: 0 });
          return send(202, { job_id: randomUUID(), status: 'fixing', estimated_completion_seconds: 1 });
        default:
          return send(405, { detail: 'Method Not Allowed' });
      }
    });
  });

  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        baseUrl: `http://127.0.0.1:${server.address().port}`,
        projects,
        calls,
        close: () => new Promise((done) => { server.closeAllConnections(); server.close(done); }),
      });
    });
  });
}

/** A DockerManager stand-in: "deploys" version n by starting the test API with that version's faults. */
function testDocker(versions) {
  const running = new Map();
  return {
    running,
    deployed: [],
    async deploy(projectId, zip) {
      const version = Number(zip.toString().split(':')[1]);
      const api = await startTestApi(librarySpec(), versions[version - 1] || []);
      running.set(projectId, api);
      this.deployed.push(version);
      return { projectId, dir: '/nonexistent', port: Number(new URL(api.baseUrl).port), baseUrl: api.baseUrl, composeProject: 'apigen-test' };
    },
    async stop(projectId) {
      const api = running.get(projectId);
      running.delete(projectId);
      if (api) await api.close();
    },
  };
}

module.exports = { startTestCloud, testDocker };
