'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { ApiClient } = require('../src/main/api-client');
const { runLoop, RunError } = require('../src/main/run-loop');
const { startTestCloud, testDocker } = require('./helpers/test-cloud');

async function scenario(versions, options = {}, cloudOptions = {}) {
  const cloud = await startTestCloud(cloudOptions);
  const client = new ApiClient({ baseUrl: cloud.baseUrl, token: 'test-token', retries: 1 });
  const docker = testDocker(versions);
  const events = [];
  try {
    const result = await runLoop({ client, docker, prompt: 'A library', seed: 5, pollIntervalMs: 10, onEvent: (e) => events.push(e), ...options });
    return { result, events, docker, cloud };
  } catch (error) {
    return { error, events, docker, cloud };
  } finally {
    await cloud.close();
  }
}

const steps = (events) => events.filter((e) => e.type === 'step').map((e) => e.step);

test('passes first time: deployment left running for the caller', async () => {
  const { result, events, docker } = await scenario([[]]);
  assert.equal(result.passed, true);
  assert.equal(result.action, 'none');
  assert.equal(result.attempts, 0);
  assert.ok(result.baseUrl);
  assert.equal(docker.running.size, 1);
  assert.deepEqual(steps(events), ['generate', 'wait', 'download', 'deploy', 'health', 'verify', 'report', 'done']);
  assert.ok(events.some((e) => e.type === 'result'));
  assert.equal(events.filter((e) => e.type === 'report').length, 1);
  await docker.stop(result.projectId);
});

test('fails, gets fixed, passes: the old deployment is replaced', async () => {
  const { result, events, docker, cloud } = await scenario([['no409'], []]);
  assert.equal(result.passed, true);
  assert.equal(result.attempts, 1);
  assert.deepEqual(docker.deployed, [1, 2]);
  assert.equal(docker.running.size, 1);
  const project = cloud.projects.get(result.projectId);
  assert.equal(project.lastFix.attempt_number, 1);
  assert.equal(project.lastFix.report_id, project.reports[0].reportId);
  assert.ok(project.lastFix.failed_tests.some((t) => t.method === 'POST' && t.endpoint === '/books' && /409/.test(t.error_message)));
  assert.ok(steps(events).includes('fix'));
  await docker.stop(result.projectId);
});

test('three failing fixes: give up and stop the deployment', async () => {
  const { result, docker, cloud } = await scenario([['no409'], ['no409'], ['no409'], ['no409']]);
  assert.equal(result.passed, false);
  assert.equal(result.action, 'give_up');
  assert.equal(result.attempts, 3);
  assert.match(result.message, /^Still failing after 3 fix attempts: [1-9]\d* of \d+ tests fail$/);
  assert.deepEqual(docker.deployed, [1, 2, 3, 4]);
  assert.equal(docker.running.size, 0);
  assert.equal(result.baseUrl, null);
  assert.equal(cloud.projects.get(result.projectId).reports.length, 4);
});

test('a failed generation stops with the Cloud error', async () => {
  const { error, events, docker } = await scenario([[]], {}, { generationError: 'The prompt describes no resources' });
  assert.ok(error instanceof RunError);
  assert.equal(error.message, 'The prompt describes no resources');
  assert.equal(steps(events).at(-1), 'error');
  assert.deepEqual(docker.deployed, []);
});

test('a project that does not start is reported as a failed test and fixed', async () => {
  const cloud = await startTestCloud();
  const client = new ApiClient({ baseUrl: cloud.baseUrl, token: 'test-token', retries: 1 });
  const docker = testDocker([[], []]);
  const realDeploy = docker.deploy.bind(docker);
  docker.deploy = async (id, zip, options) => {
    if (zip.toString() === 'version:1') {
      const error = Object.assign(new Error('The API did not become healthy within 30 s'), { code: 'HEALTH_TIMEOUT', logs: 'Traceback: boom', isProjectFault: true, name: 'DeployError' });
      throw error;
    }
    return realDeploy(id, zip, options);
  };
  const result = await runLoop({ client, docker, prompt: 'A library', pollIntervalMs: 10 });
  const first = cloud.projects.get(result.projectId).reports[0];
  assert.equal(first.passed, false);
  assert.match(first.results[0].error_message, /healthy[\s\S]*Traceback: boom/);
  assert.equal(result.passed, true);
  assert.equal(result.attempts, 1);
  await docker.stop(result.projectId);
  await cloud.close();
});

test('abort during verification: AbortError and nothing left running', async () => {
  const controller = new AbortController();
  let results = 0;
  const { error, docker } = await scenario([[]], {
    signal: controller.signal,
    onEvent: (e) => {
      if (e.type === 'result' && ++results === 5) controller.abort();
    },
  });
  assert.equal(error.name, 'AbortError');
  assert.equal(docker.running.size, 0);
});

test('abort while waiting for the Cloud', async () => {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 30);
  const { error, docker } = await scenario([[]], { signal: controller.signal, pollIntervalMs: 1000 });
  assert.equal(error.name, 'AbortError');
  assert.deepEqual(docker.deployed, []);
});
