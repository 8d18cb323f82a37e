'use strict';
/**
 * Runs generated projects locally with Docker Compose (integration contract §3.1 and §5).
 *
 * deploy(): unzip safely into `tmpRoot/{projectId}/`, refuse compose files that publish a database port, pick a
 * free port on 127.0.0.1, write `.env`, `docker compose -p apigen-<short id> up --build -d`, wait for /health.
 * stop(): `docker compose down -v --remove-orphans --rmi local` and delete the directory. Every failure after unzipping
 * cleans up what was started, so an error never leaves containers, volumes or files behind.
 */

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');
const { pipeline } = require('node:stream/promises');
const { Transform } = require('node:stream');
const yauzl = require('yauzl');
const YAML = require('yaml');
const { sleep, throwIfAborted } = require('./abort');

const LOG_TAIL_LINES = 100;
const MAX_ZIP_ENTRIES = 5000;
const MAX_FILE_BYTES = 50 * 1024 * 1024;
const MAX_TOTAL_BYTES = 200 * 1024 * 1024;
const COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];
/** Container ports of common databases and caches: never published to the host (§5 port masking). */
const DATABASE_PORTS = new Set([5432, 3306, 33060, 1433, 1521, 27017, 27018, 6379, 11211, 9042, 5984, 7687, 9200, 8086, 26257]);
const DATABASE_IMAGE = /(^|[/:_-])(postgres|postgis|timescale|mysql|mariadb|mongo|redis|valkey|keydb|memcached|cassandra|scylla|couchdb|neo4j|elasticsearch|opensearch|influxdb|cockroach|mssql|sqlserver|oracle)/i;
/** Where Docker lives when a GUI app is started with a minimal PATH. */
const EXTRA_DOCKER_DIRS = [
  '/usr/local/bin',
  '/usr/bin',
  '/opt/homebrew/bin',
  '/Applications/Docker.app/Contents/Resources/bin',
  path.join(os.homedir(), '.docker', 'bin'),
  'C:\\Program Files\\Docker\\Docker\\resources\\bin',
];

class DeployError extends Error {
  /**
   * @param {string} message shown to the user
   * @param {{code: string, logs?: string}} details code: DOCKER_MISSING | DOCKER_NOT_RUNNING | UNSAFE_ZIP |
   *   UNSAFE_COMPOSE | BUILD_FAILED | HEALTH_TIMEOUT; logs: tail of `docker compose logs` / build output.
   */
  constructor(message, { code, logs = '' }) {
    super(message);
    this.name = 'DeployError';
    this.code = code;
    this.logs = logs;
  }

  /** True when the project itself is at fault (worth reporting to the Cloud for a fix), not the machine. */
  get isProjectFault() {
    return !['DOCKER_MISSING', 'DOCKER_NOT_RUNNING'].includes(this.code);
  }
}

/** An executable called `name` in PATH or the usual Docker install folders, or null. */
function findExecutable(name, env = process.env) {
  const names = process.platform === 'win32' ? [`${name}.exe`] : [name];
  const dirs = [...(env.PATH || '').split(path.delimiter).filter(Boolean), ...EXTRA_DOCKER_DIRS];
  for (const dir of dirs) {
    for (const file of names) {
      const candidate = path.join(dir, file);
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        if (fs.statSync(candidate).isFile()) return candidate;
      } catch {
        // not here
      }
    }
  }
  return null;
}

/**
 * Status code of one GET. node:http rather than fetch(): right after `up`, Docker's port proxy accepts and drops
 * connections, and fetch() was seen to leave such a request pending forever with no handle keeping Node alive.
 */
function probe(url, timeoutMs) {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { timeout: timeoutMs, agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    request.on('error', reject);
  });
}

/** A port nobody listens on right now on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen({ port: 0, host: '127.0.0.1' }, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Reject names that could escape the target directory; returns the normalised relative path. */
function safeEntryPath(name) {
  if (!name || name.includes('\0')) throw new Error(`empty or invalid file name ${JSON.stringify(name)}`);
  if (name.includes('\\')) throw new Error(`backslash in file name ${JSON.stringify(name)}`);
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) throw new Error(`absolute path ${JSON.stringify(name)}`);
  const parts = name.split('/');
  if (parts.includes('..')) throw new Error(`".." in file name ${JSON.stringify(name)}`);
  return parts.filter((part) => part && part !== '.').join('/');
}

/**
 * Unzip `buffer` into the existing empty directory `dir`, refusing zip-slip names, symlinks and absurd sizes.
 * @throws {DeployError} code UNSAFE_ZIP
 */
async function extractZip(buffer, dir) {
  const unsafe = (why) => new DeployError(`The project ZIP is unsafe or damaged: ${why}`, { code: 'UNSAFE_ZIP' });
  let zip;
  try {
    zip = await new Promise((resolve, reject) =>
      // yauzl's strict name checks run as entries are read; safeEntryPath() below repeats them as a second guard.
      yauzl.fromBuffer(buffer, { lazyEntries: true, strictFileNames: true, validateEntrySizes: true }, (e, z) =>
        e ? reject(e) : resolve(z),
      ),
    );
  } catch (error) {
    throw unsafe(error.message);
  }
  const root = path.resolve(dir);
  let total = 0;
  let count = 0;
  try {
    await new Promise((resolve, reject) => {
      const fail = (error) => {
        zip.close();
        reject(error);
      };
      zip.on('error', fail);
      zip.on('end', resolve);
      zip.on('entry', (entry) => {
        handleEntry(entry).then(() => zip.readEntry(), fail);
      });
      zip.readEntry();
    });
  } catch (error) {
    throw error instanceof DeployError ? error : unsafe(error.message);
  }

  async function handleEntry(entry) {
    count += 1;
    if (count > MAX_ZIP_ENTRIES) throw new Error(`more than ${MAX_ZIP_ENTRIES} files`);
    const relative = safeEntryPath(entry.fileName);
    const unixMode = (entry.externalFileAttributes >>> 16) & 0xffff;
    const fileType = unixMode & 0o170000;
    if (fileType === 0o120000) throw new Error(`symbolic link ${entry.fileName}`);
    if (!relative) return;
    const target = path.resolve(root, relative);
    if (!target.startsWith(root + path.sep)) throw new Error(`path escapes the project folder: ${entry.fileName}`);
    if (entry.fileName.endsWith('/') || fileType === 0o040000) {
      await fsp.mkdir(target, { recursive: true });
      return;
    }
    if (entry.uncompressedSize > MAX_FILE_BYTES) throw new Error(`${entry.fileName} is too large`);
    total += entry.uncompressedSize;
    if (total > MAX_TOTAL_BYTES) throw new Error('the unpacked project is too large');
    await fsp.mkdir(path.dirname(target), { recursive: true });
    const stream = await new Promise((resolve, reject) =>
      zip.openReadStream(entry, (e, s) => (e ? reject(e) : resolve(s))),
    );
    // Count real bytes too: the declared sizes are only a claim until validateEntrySizes checks them at the end.
    let written = 0;
    const limiter = new Transform({
      transform(chunk, _encoding, callback) {
        written += chunk.length;
        callback(written > MAX_FILE_BYTES ? new Error(`${entry.fileName} is too large`) : null, chunk);
      },
    });
    const executable = (unixMode & 0o111) !== 0;
    await pipeline(stream, limiter, fs.createWriteStream(target, { mode: executable ? 0o755 : 0o644 }));
  }
}

/** Container port numbers a `ports:` item publishes (short or long syntax); ranges are expanded. */
function publishedContainerPorts(item) {
  let target;
  if (item && typeof item === 'object') target = String(item.target ?? '');
  else {
    const text = String(item).replace(/\/(tcp|udp|sctp)$/i, '');
    target = text.split(':').pop();
  }
  const match = /^(\d+)(?:-(\d+))?$/.exec(target.trim());
  if (!match) return [];
  const first = Number(match[1]);
  const last = match[2] ? Math.min(Number(match[2]), first + 1000) : first;
  const ports = [];
  for (let port = first; port <= last; port += 1) ports.push(port);
  return ports;
}

/**
 * Check a compose document before running it: no database port or database service published to the host,
 * no host networking, no privileged containers.
 * @returns {string[]} the problems found (empty when the file is acceptable).
 */
function checkComposeDocument(text) {
  let document;
  try {
    document = YAML.parse(text);
  } catch (error) {
    return [`docker-compose.yml is not valid YAML: ${error.message.split('\n')[0]}`];
  }
  const services = document && typeof document === 'object' ? document.services : null;
  if (!services || typeof services !== 'object') return ['docker-compose.yml defines no services'];
  const problems = [];
  for (const [name, service] of Object.entries(services)) {
    if (!service || typeof service !== 'object') continue;
    const image = typeof service.image === 'string' ? service.image : '';
    const isDatabase = DATABASE_IMAGE.test(image);
    for (const item of Array.isArray(service.ports) ? service.ports : []) {
      const ports = publishedContainerPorts(item);
      const dbPort = ports.find((port) => DATABASE_PORTS.has(port));
      if (dbPort !== undefined) {
        problems.push(`service "${name}" publishes database port ${dbPort} to the host (use "expose" instead)`);
      } else if (isDatabase) {
        problems.push(`service "${name}" (image ${image}) is a database and must not publish ports to the host`);
      }
    }
    if (String(service.network_mode || '') === 'host') {
      problems.push(`service "${name}" uses the host network, which exposes all of its ports`);
    }
    if (service.privileged === true) problems.push(`service "${name}" asks for privileged mode`);
  }
  return problems;
}

function composeProjectName(projectId) {
  const short = String(projectId).toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 12);
  return `apigen-${short || 'project'}`;
}

class DockerManager {
  /**
   * @param {object} [options]
   * @param {string} [options.tmpRoot] parent of the per-project directories
   * @param {number} [options.healthIntervalMs]
   * @param {number} [options.healthTimeoutMs]
   * @param {number} [options.buildTimeoutMs] limit for `up --build` (a cold build installs dependencies)
   * @param {(line: string) => void} [options.onLog] build / compose output, one line at a time
   * @param {NodeJS.ProcessEnv} [options.env]
   */
  constructor({
    tmpRoot = path.join(os.tmpdir(), 'apigenerator'),
    healthIntervalMs = 1000,
    healthTimeoutMs = 30000,
    buildTimeoutMs = 15 * 60 * 1000,
    onLog = () => {},
    env = process.env,
  } = {}) {
    this.tmpRoot = tmpRoot;
    this.healthIntervalMs = healthIntervalMs;
    this.healthTimeoutMs = healthTimeoutMs;
    this.buildTimeoutMs = buildTimeoutMs;
    this.onLog = onLog;
    this.env = env;
    /** @type {Map<string, {projectId: string, dir: string, port: number, baseUrl: string, composeProject: string, composeFile: string}>} */
    this._running = new Map();
    this._compose = null;
  }

  /**
   * Is Docker usable? Finds the docker binary, checks the daemon answers and which Compose is available.
   * @returns {Promise<{ok: boolean, compose: 'plugin'|'standalone'|null, message: string}>}
   */
  async checkDocker() {
    const docker = findExecutable('docker', this.env);
    if (!docker) {
      return { ok: false, compose: null, message: 'Docker is not installed (no "docker" command found). Install Docker Desktop or Docker Engine.' };
    }
    const info = await this._exec(docker, ['version', '--format', '{{.Server.Version}}'], { timeoutMs: 20000 });
    if (info.code !== 0) {
      const text = info.lines.join('\n');
      const denied = /permission denied/i.test(text);
      return {
        ok: false,
        compose: null,
        message: denied
          ? 'Docker is installed but this user may not use it (permission denied on the Docker socket).'
          : 'Docker is installed but not running. Start Docker Desktop (or the Docker service) and try again.',
      };
    }
    const plugin = await this._exec(docker, ['compose', 'version'], { timeoutMs: 20000 });
    if (plugin.code === 0) {
      this._compose = { command: docker, prefix: ['compose'], kind: 'plugin' };
      return { ok: true, compose: 'plugin', message: `Docker ${info.lines[0] || ''} with ${plugin.lines[0] || 'Compose'}`.trim() };
    }
    const standalone = findExecutable('docker-compose', this.env);
    if (standalone && (await this._exec(standalone, ['version'], { timeoutMs: 20000 })).code === 0) {
      this._compose = { command: standalone, prefix: [], kind: 'standalone' };
      return { ok: true, compose: 'standalone', message: `Docker ${info.lines[0] || ''} with docker-compose`.trim() };
    }
    return { ok: false, compose: null, message: 'Docker Compose is not installed (neither "docker compose" nor "docker-compose" works).' };
  }

  /** Deployments started by this manager and not stopped yet. */
  running() {
    return [...this._running.values()].map((entry) => ({ ...entry }));
  }

  /**
   * Unzip, check, start and wait for health.
   * @param {string} projectId
   * @param {Buffer} zipBuffer
   * @param {{signal?: AbortSignal, healthPath?: string}} [options]
   * @returns {Promise<{projectId: string, dir: string, port: number, baseUrl: string, composeProject: string,
   *   timings: {unzip_ms: number, build_ms: number, health_ms: number}}>} build_ms covers checks, .env and `up`
   * @throws {DeployError|Error} AbortError (name) when `signal` aborts; everything started is cleaned up first.
   */
  async deploy(projectId, zipBuffer, { signal, healthPath = '/health' } = {}) {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(String(projectId))) throw new TypeError(`invalid project id ${projectId}`);
    throwIfAborted(signal);
    if (this._running.has(projectId)) await this.stop(projectId);
    await this._ensureCompose();

    const dir = path.join(this.tmpRoot, projectId);
    const composeProject = composeProjectName(projectId);
    await fsp.rm(dir, { recursive: true, force: true });
    await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
    let started = false;
    const timings = {};
    let mark = Date.now();
    const lap = (phase) => {
      timings[phase] = Date.now() - mark;
      mark = Date.now();
    };
    try {
      await extractZip(zipBuffer, dir);
      lap('unzip_ms');
      throwIfAborted(signal);
      const composeFile = COMPOSE_FILES.find((name) => fs.existsSync(path.join(dir, name)));
      if (!composeFile) {
        throw new DeployError('The project has no docker-compose.yml', { code: 'UNSAFE_COMPOSE' });
      }
      const problems = checkComposeDocument(await fsp.readFile(path.join(dir, composeFile), 'utf8'));
      if (problems.length) {
        throw new DeployError(`Refusing to start the project: ${problems.join('; ')}`, { code: 'UNSAFE_COMPOSE' });
      }
      const port = await freePort();
      await this._writeEnv(dir, port);
      const deployment = { projectId, dir, port, baseUrl: `http://127.0.0.1:${port}`, composeProject, composeFile };

      started = true;
      this._running.set(projectId, deployment);
      const up = await this._runCompose(deployment, ['up', '--build', '-d'], {
        signal,
        timeoutMs: this.buildTimeoutMs,
        onLine: this.onLog,
      });
      throwIfAborted(signal);
      if (up.code !== 0) {
        const logs = await this._logsTail(deployment, up.lines);
        throw new DeployError(`docker compose up failed (exit code ${up.code})`, { code: 'BUILD_FAILED', logs });
      }
      lap('build_ms');
      await this._waitHealthy(deployment, healthPath, signal);
      lap('health_ms');
      const { composeFile: _file, ...result } = deployment;
      return { ...result, timings };
    } catch (error) {
      if (started) await this.stop(projectId);
      else await fsp.rm(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /**
   * `docker compose down -v --remove-orphans --rmi local` and delete the project directory. The project's
   * own image goes too (base images and the build cache stay, so a rebuild stays fast). Safe to call twice.
   */
  async stop(projectId) {
    const deployment = this._running.get(projectId) || {
      projectId,
      dir: path.join(this.tmpRoot, String(projectId)),
      composeProject: composeProjectName(projectId),
      composeFile: null,
    };
    this._running.delete(projectId);
    try {
      await this._ensureCompose();
      const down = await this._runCompose(deployment, ['down', '-v', '--remove-orphans', '--rmi', 'local', '--timeout', '5'], {
        timeoutMs: 120000,
      });
      if (down.code !== 0) this.onLog(`docker compose down failed: ${down.lines.slice(-5).join(' | ')}`);
    } finally {
      await fsp.rm(deployment.dir, { recursive: true, force: true });
    }
  }

  async stopAll() {
    const ids = [...this._running.keys()];
    await Promise.all(ids.map((id) => this.stop(id).catch((error) => this.onLog(`stop ${id}: ${error.message}`))));
  }

  async _ensureCompose() {
    if (this._compose) return;
    const status = await this.checkDocker();
    if (!status.ok) {
      const code = /not installed/.test(status.message) ? 'DOCKER_MISSING' : 'DOCKER_NOT_RUNNING';
      throw new DeployError(status.message, { code });
    }
  }

  /** `.env` = `.env.example` (when present) followed by APP_PORT, which wins as the later definition. */
  async _writeEnv(dir, port) {
    let base = '';
    try {
      base = await fsp.readFile(path.join(dir, '.env.example'), 'utf8');
    } catch (error) {
      if (error.code !== 'ENOENT') throw error;
    }
    const lines = base.split(/\r?\n/).filter((line) => !/^\s*APP_PORT\s*=/.test(line));
    while (lines.length && !lines[lines.length - 1].trim()) lines.pop();
    lines.push(`APP_PORT=${port}`);
    await fsp.writeFile(path.join(dir, '.env'), `${lines.join('\n')}\n`, { mode: 0o600 });
  }

  async _waitHealthy(deployment, healthPath, signal) {
    const url = `${deployment.baseUrl}${healthPath}`;
    const deadline = Date.now() + this.healthTimeoutMs;
    let last = 'no answer';
    for (;;) {
      throwIfAborted(signal);
      try {
        const status = await probe(url, Math.max(1000, this.healthIntervalMs * 2));
        if (status === 200) return;
        last = `HTTP ${status}`;
      } catch (error) {
        last = error.code || error.message;
      }
      if (Date.now() >= deadline) break;
      await sleep(this.healthIntervalMs, signal);
    }
    const logs = await this._logsTail(deployment, []);
    throw new DeployError(
      `The API did not become healthy within ${Math.round(this.healthTimeoutMs / 1000)} s (GET ${healthPath}: ${last})`,
      { code: 'HEALTH_TIMEOUT', logs },
    );
  }

  async _logsTail(deployment, buildLines) {
    const logs = await this._runCompose(deployment, ['logs', '--no-color', '--tail', String(LOG_TAIL_LINES)], {
      timeoutMs: 30000,
    });
    const lines = [...buildLines, ...logs.lines].filter((line) => line.trim());
    return lines.slice(-LOG_TAIL_LINES).join('\n');
  }

  _runCompose(deployment, args, options) {
    const { command, prefix } = this._compose;
    const fileArgs = deployment.composeFile ? ['-f', path.join(deployment.dir, deployment.composeFile)] : [];
    const cwd = fs.existsSync(deployment.dir) ? deployment.dir : os.tmpdir();
    const env = { ...this.env, PATH: this._childPath() };
    delete env.COMPOSE_PROJECT_NAME;
    delete env.COMPOSE_FILE;
    // The shell's APP_PORT would win over .env: pin it to the port we reserved.
    if (deployment.port) env.APP_PORT = String(deployment.port);
    else delete env.APP_PORT;
    return this._exec(command, [...prefix, '-p', deployment.composeProject, ...fileArgs, ...args], { ...options, cwd, env });
  }

  /** PATH for children, including Docker's folders (credential helpers live next to the docker binary). */
  _childPath() {
    const dirs = [...(this.env.PATH || '').split(path.delimiter).filter(Boolean), ...EXTRA_DOCKER_DIRS];
    return [...new Set(dirs)].join(path.delimiter);
  }

  /**
   * Run a command, streaming its output lines; never rejects for a non-zero exit.
   * @returns {Promise<{code: number|null, lines: string[]}>} the last LOG_TAIL_LINES lines of stdout+stderr.
   */
  _exec(command, args, { cwd, env = this.env, signal, timeoutMs = 60000, onLine } = {}) {
    return new Promise((resolve) => {
      const lines = [];
      let child;
      try {
        child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (error) {
        resolve({ code: -1, lines: [error.message] });
        return;
      }
      const keep = (line) => {
        lines.push(line);
        if (lines.length > LOG_TAIL_LINES) lines.shift();
        if (onLine) onLine(line);
      };
      readline.createInterface({ input: child.stdout }).on('line', keep);
      readline.createInterface({ input: child.stderr }).on('line', keep);
      const kill = () => child.kill('SIGTERM');
      const timer = setTimeout(() => {
        keep(`(stopped after ${Math.round(timeoutMs / 1000)} s)`);
        kill();
      }, timeoutMs);
      if (signal) signal.addEventListener('abort', kill, { once: true });
      const finish = (code) => {
        clearTimeout(timer);
        if (signal) signal.removeEventListener('abort', kill);
        resolve({ code, lines });
      };
      child.on('error', (error) => {
        keep(error.message);
        finish(-1);
      });
      child.on('close', (code) => finish(code === null ? -1 : code));
    });
  }
}

module.exports = {
  DockerManager,
  DeployError,
  extractZip,
  checkComposeDocument,
  composeProjectName,
  freePort,
};
