#!/usr/bin/env node
'use strict';
/**
 * Headless API Generator client: the Desktop app's loop without a window.
 *
 *   apigen.js register|login --email E [--password P]   (password also from env APIGEN_PASSWORD)
 *   apigen.js run --prompt "…" [--name N] [--json] [--seed S] [--keep]
 *   apigen.js run --project <id> [--json] [--seed S] [--keep]   (verify an existing project, fixing it)
 *   apigen.js verify <project-id> [--json] [--seed S]
 *   apigen.js logout
 * Common: --cloud-url URL (env APIGEN_CLOUD_URL, default http://127.0.0.1:8000).
 *
 * Progress goes to stderr; `--json` prints the final VerificationReport to stdout. Exit code 0 only when the
 * final verification passed; 130/143 after SIGINT/SIGTERM (everything started is taken down first).
 */

const { parseArgs } = require('node:util');
const { ApiClient, AuthError } = require('../src/main/api-client');
const { DockerManager } = require('../src/main/docker-manager');
const { runLoop } = require('../src/main/run-loop');
const tokenStore = require('../src/main/token-store');

const USAGE = `Usage:
  apigen.js register --email E [--password P]
  apigen.js login --email E [--password P]
  apigen.js run --prompt "A library API with books and members" [--name N] [--json] [--seed S] [--keep]
  apigen.js run --project <project-id> [--json] [--seed S] [--keep]
  apigen.js verify <project-id> [--json] [--seed S]
  apigen.js logout
Options: --cloud-url URL (or APIGEN_CLOUD_URL; default http://127.0.0.1:8000). Password may come from APIGEN_PASSWORD.
Token: APIGEN_TOKEN, or the file ~/.config/apigen/token written by login.`;

const OPTIONS = {
  email: { type: 'string' },
  password: { type: 'string' },
  prompt: { type: 'string' },
  project: { type: 'string' },
  name: { type: 'string' },
  json: { type: 'boolean', default: false },
  seed: { type: 'string' },
  keep: { type: 'boolean', default: false },
  'cloud-url': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
};

class UsageError extends Error {}

const tty = process.stderr.isTTY;
const paint = (code, text) => (tty ? `\x1b[${code}m${text}\x1b[0m` : text);
const say = (text) => process.stderr.write(`${text}\n`);

function progress(maxAttempts) {
  let failures = 0;
  let total = 0;
  return (event) => {
    if (event.type === 'step') {
      const attempt = event.attempt ? paint('33', ` [fix ${event.attempt}/${maxAttempts}]`) : '';
      const colour = event.step === 'error' ? '31' : event.step === 'done' ? '32' : '36';
      say(`${paint(colour, `▸ ${event.step}`)}${attempt} ${event.message || ''}`);
      if (event.step === 'verify') failures = total = 0;
    } else if (event.type === 'log') {
      say(paint('2', `  │ ${event.line}`));
    } else if (event.type === 'result') {
      total += 1;
      if (!event.result.passed) {
        failures += 1;
        say(`  ${paint('31', '✗')} ${event.result.method} ${event.result.endpoint} — ${event.result.test_name}: ${firstLine(event.result.error_message)}`);
      }
    } else if (event.type === 'report') {
      say(`  ${event.report.passed ? paint('32', '✓') : paint('31', '✗')} ${total - failures}/${total} tests passed in ${event.report.elapsed_ms} ms; Cloud: ${event.response.message}`);
    }
  };
}

function firstLine(text) {
  const line = String(text || '').split('\n')[0];
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

function cloudUrl(values) {
  return values['cloud-url'] || process.env.APIGEN_CLOUD_URL || 'http://127.0.0.1:8000';
}

function credentials(values) {
  const email = (values.email || '').trim();
  const password = values.password || process.env.APIGEN_PASSWORD;
  if (!email || !password) throw new UsageError('--email and --password (or APIGEN_PASSWORD) are required');
  return { email, password };
}

function loggedInClient(values) {
  const token = tokenStore.load();
  if (!token) throw new UsageError('Not logged in: run "apigen.js login --email E" first (or set APIGEN_TOKEN)');
  return new ApiClient({ baseUrl: cloudUrl(values), token, onUnauthorized: () => tokenStore.clear() });
}

function parseSeed(text) {
  if (text === undefined) return 1;
  const seed = Number(text);
  if (!Number.isInteger(seed) || seed < 0) throw new UsageError('--seed must be a non-negative integer');
  return seed;
}

/** run / verify: the loop with signal handling; returns the exit code. */
async function loop(values, { prompt, projectId, maxAttempts }) {
  const client = loggedInClient(values);
  const onEvent = progress(maxAttempts);
  const docker = new DockerManager({ onLog: (line) => onEvent({ type: 'log', line }) });
  const status = await docker.checkDocker();
  if (!status.ok) throw new Error(status.message);

  const controller = new AbortController();
  let signalCode = 0;
  const onSignal = (name, code) => () => {
    if (signalCode) process.exit(code); // a second Ctrl-C: leave now
    signalCode = code;
    say(paint('33', `\n${name}: stopping and cleaning up…`));
    controller.abort();
  };
  const onInt = onSignal('SIGINT', 130);
  const onTerm = onSignal('SIGTERM', 143);
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  try {
    const result = await runLoop({
      client,
      docker,
      prompt,
      name: values.name,
      projectId,
      seed: parseSeed(values.seed),
      signal: controller.signal,
      onEvent,
      maxAttempts,
    });
    if (values.json) process.stdout.write(`${JSON.stringify(result.report, null, 2)}\n`);
    if (result.passed && values.keep && result.baseUrl) {
      say(`The API keeps running at ${result.baseUrl} (docs: ${result.baseUrl}/docs).`);
      say(`Stop it with: docker compose -p ${docker.running()[0].composeProject} down -v`);
    } else {
      await docker.stopAll();
    }
    say(result.passed ? paint('32', `Project ${result.projectId}: verification passed.`) : paint('31', `Project ${result.projectId}: ${result.message}`));
    return result.passed ? 0 : 1;
  } catch (error) {
    await docker.stopAll();
    if (error.name === 'AbortError') return signalCode || 130;
    throw error;
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  }
}

async function main(argv) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error.message);
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    say(USAGE);
    return values.help ? 0 : 2;
  }
  switch (command) {
    case 'register': {
      const { email, password } = credentials(values);
      const client = new ApiClient({ baseUrl: cloudUrl(values) });
      await client.register(email, password);
      tokenStore.save(await client.login(email, password));
      say(`Account ${email} created; logged in.`);
      return 0;
    }
    case 'login': {
      const { email, password } = credentials(values);
      const client = new ApiClient({ baseUrl: cloudUrl(values) });
      tokenStore.save(await client.login(email, password));
      say(`Logged in as ${email}.`);
      return 0;
    }
    case 'logout':
      tokenStore.clear();
      say('Logged out.');
      return 0;
    case 'run':
      if (values.project) return loop(values, { projectId: values.project, maxAttempts: 3 });
      if (!values.prompt || !values.prompt.trim()) throw new UsageError('run needs --prompt "…" or --project <id>');
      return loop(values, { prompt: values.prompt, maxAttempts: 3 });
    case 'verify':
      if (rest.length !== 1) throw new UsageError('verify needs exactly one project id');
      // Verify the current version as it is: report, but ask for no fix.
      return loop(values, { projectId: rest[0], maxAttempts: 0 });
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    if (error instanceof UsageError) {
      say(`apigen: ${error.message}\n\n${USAGE}`);
      process.exitCode = 2;
      return;
    }
    const hint = error instanceof AuthError && error.message === 'Please log in again' ? ' (apigen.js login --email E)' : '';
    say(paint('31', `apigen: ${error.message}${hint}`));
    process.exitCode = 1;
  },
);
