'use strict';
/**
 * A tiny generated-project stand-in that really runs in Docker: one stdlib-Python service (no pip install, so a
 * build takes seconds) answering `/health`, `GET /notes` and `GET /notes/{id}`, plus a named volume so that
 * `down -v` has something to remove. `mode` picks its behaviour:
 *  - 'correct': every test of `miniSpec()` passes;
 *  - 'broken': `GET /notes/{id}` of an unknown id answers 500 (the verify runner's "unknown id → 404" fails);
 *  - 'unhealthy': `/health` answers 503 forever (a deploy that never gets healthy).
 * The Dockerfile and server are the same bytes in every mode (the mode is a compose environment variable), so
 * Docker's layer cache makes every build after the first nearly free.
 */
const { makeZip } = require('./zip');

const SERVER_PY = `import json, os, re
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODE = os.environ.get("MODE", "correct")


class Handler(BaseHTTPRequestHandler):
    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path == "/health":
            return self.answer(503, {"detail": "starting"}) if MODE == "unhealthy" else self.answer(200, {"status": "ok"})
        if path == "/notes":
            return self.answer(200, [])
        if re.fullmatch(r"/notes/[0-9]+", path):
            return self.answer(500, {"detail": "boom"}) if MODE == "broken" else self.answer(404, {"detail": "Note not found"})
        return self.answer(404, {"detail": "Not Found"})

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("0.0.0.0", 8000), Handler).serve_forever()
`;

const DOCKERFILE = `FROM python:3.13-slim
WORKDIR /srv
COPY server.py .
CMD ["python", "-u", "server.py"]
`;

function composeFile(mode) {
  return `services:
  api:
    build: .
    environment:
      MODE: "${mode}"
    ports:
      - "127.0.0.1:\${APP_PORT:-8000}:8000"
    volumes:
      - notes:/data
    stop_grace_period: 1s
volumes:
  notes: {}
`;
}

/** @param {'correct'|'broken'|'unhealthy'} mode @returns {Buffer} the project ZIP */
function miniProjectZip(mode) {
  return makeZip([
    { name: 'Dockerfile', data: DOCKERFILE },
    { name: 'docker-compose.yml', data: composeFile(mode) },
    { name: '.env.example', data: 'APP_PORT=8000\n' },
    { name: 'server.py', data: SERVER_PY },
  ]);
}

/** The spec payload (`GET /projects/{id}` → `spec`) of the mini project. */
function miniSpec() {
  const note = {
    type: 'object',
    properties: { id: { type: 'integer' }, text: { type: 'string' } },
    required: ['id', 'text'],
  };
  const error = { description: 'Error', content: { 'application/json': { schema: { type: 'object' } } } };
  return {
    health_path: '/health',
    api: {
      name: 'notes',
      resources: [{ name: 'note', plural: 'notes', path: '/notes', fields: [{ name: 'text', type: 'string', required: true }], relations: [] }],
    },
    openapi: {
      openapi: '3.1.0',
      info: { title: 'notes', version: '1' },
      paths: {
        '/health': { get: { responses: { 200: { description: 'OK' } } } },
        '/notes': {
          get: {
            parameters: [{ name: 'text', in: 'query', required: false, schema: { type: 'string' } }],
            responses: { 200: { description: 'OK', content: { 'application/json': { schema: { type: 'array', items: note } } } } },
          },
        },
        '/notes/{id}': {
          get: {
            parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
            responses: { 200: { description: 'OK', content: { 'application/json': { schema: note } } }, 404: error },
          },
        },
      },
      components: {},
    },
  };
}

module.exports = { miniProjectZip, miniSpec };
