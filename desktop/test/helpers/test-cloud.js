'use strict';
/**
 * A small HTTP server answering the Cloud endpoints the Desktop app uses, with the Cloud's rules: reports decide
 * `none` / `fix` / `give_up` (`maxFixes` attempts), a fix makes a new version, a job finishes on the second status
 * poll. Any login succeeds and yields the token `test-token`.
 * What is downloaded is `zipFor(project, version)`: by default just `version:<n>`, which the `testDocker()`
 * stand-in below understands; tests with real Docker serve real project ZIPs (see mini-project.js).
 */
const http = require('node:http');
const { randomUUID } = require('node:crypto');
const { librarySpec, startTestApi } = require('./test-api');

const TOKEN = 'test-token';

function startTestCloud({
  generationError = null,
  maxFixes = 3,
  spec = librarySpec(),
  zipFor = (_project, version) => Buffer.from(`version:${version}`),
} = {}) {
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
      const route = `${req.method} ${url.pathname}`;
      if (route === 'GET /api/v1/health') return send(200, { status: 'ok' });
      if (route === 'POST /api/v1/auth/register') return send(201, { id: randomUUID(), email: body.email });
      if (route === 'POST /api/v1/auth/login') return send(200, { access_token: TOKEN, token_type: 'bearer' });
      if (req.headers.authorization !== `Bearer ${TOKEN}`) return send(401, { detail: 'Not authenticated' });
      if (route === 'GET /api/v1/auth/me') return send(200, { id: 'user-1', email: 'tester@example.com' });
      if (route === 'GET /api/v1/projects') {
        const items = [...projects.values()].reverse().map(({ spec: _spec, ...listed }) => listed);
        return send(200, { items, total: items.length });
      }
      if (route === 'POST /api/v1/generate-from-prompt') {
        const id = randomUUID();
        const now = new Date().toISOString();
        projects.set(id, {
          id, name: body.name || 'library', prompt: body.prompt, status: 'generating', version: 0, polls: 0,
          fixes: 0, reports: [], latest_report: null, error: null, created_at: now, updated_at: now,
        });
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
          else Object.assign(project, { status: 'ready', version: project.version + 1, updated_at: new Date().toISOString() });
        }
      };
      switch (`${req.method} ${match[2] || ''}`) {
        case 'GET status':
          advance();
          return send(200, { status: project.status, version: project.version, error: project.error || null, job_id: null });
        case 'GET ':
          return send(200, { ...project, spec: project.version ? spec : null, fix_attempts_used: project.fixes, fix_attempts_left: maxFixes - project.fixes });
        case 'GET download':
          return send(200, zipFor(project, Number(url.searchParams.get('version') || project.version)), 'application/zip');
        case 'POST verify-report': {
          const reportId = randomUUID();
          project.reports.push({ reportId, ...body });
          const failed = body.results.filter((r) => !r.passed).length;
          project.latest_report = { report_id: reportId, version: project.version, passed: body.passed, elapsed_ms: body.elapsed_ms, total: body.results.length, failed };
          const action = body.passed ? 'none' : project.fixes < maxFixes ? 'fix' : 'give_up';
          return send(200, { status: 'recorded', action_required: action, message: action === 'none' ? 'All tests passed.' : action === 'fix' ? 'Failing tests detected.' : `Failing tests remain and all ${maxFixes} fix attempts are used.`, report_id: reportId });
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
