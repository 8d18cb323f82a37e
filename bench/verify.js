#!/usr/bin/env node
'use strict';
/**
 * Wall time from project ZIP to verification report for a generated 5-resource project, cold and warm.
 *
 *   node bench/verify.js [--runs-warm N] [--seed S] [--json]
 *
 * The project is made by the Cloud's offline generator (build_generator) through the venv's Python, then
 * deployed with the Desktop's DockerManager and verified with its verify runner. Phases: unzip, build (compose
 * checks + `docker compose up --build -d`), health (until GET /health answers 200), tests; plus the requests/s
 * the tests made. "Cold" removes the project's built image first; BuildKit's layer cache is shared with other
 * work on this machine and is left alone, so a cold build still reuses cached layers when they exist (the
 * output says how many build steps were CACHED).
 */

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');

const ROOT = path.resolve(__dirname, '..');
const { DockerManager } = require(path.join(ROOT, 'desktop/src/main/docker-manager'));
const { runVerification } = require(path.join(ROOT, 'desktop/src/main/verify-runner'));

const PROMPT =
  'A library API. Authors have a name and a unique email. Books have a title, a unique isbn, a price as decimal, ' +
  'a published date and belong to an author. Members have a name and a phone. Loans have a due date and belong ' +
  'to a book and a member. Branches have a name and a city.';

const GENERATE = `
import asyncio, json, sys
from apigen_cloud.core.config import get_settings
from apigen_cloud.generator.factory import build_generator
project = asyncio.run(build_generator(get_settings()).generate(sys.argv[1], "library"))
open(sys.argv[2], "wb").write(project.to_zip())
open(sys.argv[3], "w").write(json.dumps(project.spec_payload()))
`;

function generateProject(dir) {
  const zipPath = path.join(dir, 'project.zip');
  const specPath = path.join(dir, 'spec.json');
  execFileSync(path.join(ROOT, '.venv/bin/python'), ['-c', GENERATE, PROMPT, zipPath, specPath], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, APIGEN_LLM_PROVIDER: 'none' },
  });
  return { zip: fs.readFileSync(zipPath), spec: JSON.parse(fs.readFileSync(specPath, 'utf8')) };
}

async function once(label, { zip, spec }, { cold, seed, log }) {
  const projectId = 'bench-verify-5res';
  let cachedSteps = 0;
  let buildSteps = 0;
  const docker = new DockerManager({
    tmpRoot: path.join(os.tmpdir(), 'apigenerator-bench'),
    healthTimeoutMs: 120000,
    healthIntervalMs: 250,
    onLog: (line) => {
      if (/^#\d+ \[[^\]]+\] /.test(line)) buildSteps += 1;
      if (/^#\d+ CACHED/.test(line)) cachedSteps += 1;
    },
  });
  const status = await docker.checkDocker();
  if (!status.ok) throw new Error(status.message);
  if (cold) {
    // Compose names the built image <project>-<service>.
    execFileSync('docker', ['image', 'rm', '-f', `apigen-${projectId.replace(/[^a-z0-9]/g, '').slice(0, 12)}-api`], { stdio: 'ignore' });
  }
  const deployment = await docker.deploy(projectId, zip, { healthPath: spec.health_path });
  let requests = 0;
  const testsStarted = Date.now();
  let report;
  try {
    report = await runVerification({
      baseUrl: deployment.baseUrl,
      project: { id: projectId, spec },
      seed,
      onRequest: () => {
        requests += 1;
      },
    });
  } finally {
    await docker.stop(projectId);
  }
  const testsMs = Date.now() - testsStarted;
  const row = {
    case: label,
    total_ms: deployment.timings.unzip_ms + deployment.timings.build_ms + deployment.timings.health_ms + testsMs,
    ...deployment.timings,
    tests_ms: testsMs,
    requests,
    requests_per_s: Math.round((requests / testsMs) * 1000),
    tests: report.results.length,
    failed: report.results.filter((r) => !r.passed).length,
    build_steps_cached: `${cachedSteps}/${buildSteps}`,
  };
  log(`${label}: ${JSON.stringify(row)}`);
  for (const r of report.results.filter((x) => !x.passed)) log(`  ✗ ${r.method} ${r.endpoint} ${r.test_name}: ${String(r.error_message).split('\n')[0].slice(0, 200)}`);
  return row;
}

async function main() {
  const { values } = parseArgs({
    options: { 'runs-warm': { type: 'string', default: '2' }, seed: { type: 'string', default: '1' }, json: { type: 'boolean', default: false } },
  });
  const log = (text) => process.stderr.write(`${text}\n`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'apigen-bench-'));
  try {
    const project = generateProject(work);
    log(`project: ${project.spec.api.resources.length} resources, ZIP ${project.zip.length} bytes`);
    const seed = Number(values.seed);
    const rows = [await once('cold', project, { cold: true, seed, log })];
    for (let i = 1; i <= Number(values['runs-warm']); i += 1) rows.push(await once(`warm${i}`, project, { cold: false, seed, log }));
    if (values.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    else console.table(rows);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error.stack || error.message}\n${error.logs || ''}\n`);
  process.exitCode = 1;
});
