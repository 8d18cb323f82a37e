'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { librarySpec, startTestApi } = require('./helpers/test-api');
const { runVerification, planResources } = require('../src/main/verify-runner');
const { freePort } = require('../src/main/docker-manager');

const project = { id: 'project-1', spec: librarySpec() };

async function verifyAgainst(faults, options = {}) {
  const api = await startTestApi(project.spec, faults);
  try {
    const report = await runVerification({ baseUrl: api.baseUrl, project, seed: 7, ...options });
    return { report, api };
  } finally {
    await api.close();
  }
}

const failing = (report) => report.results.filter((r) => !r.passed);

test('a correct API passes every test, and the report has the contract shape', async () => {
  const seen = [];
  const { report, api } = await verifyAgainst([], { onResult: (r) => seen.push(r) });
  assert.deepEqual(failing(report), []);
  assert.equal(report.passed, true);
  assert.equal(report.project_id, 'project-1');
  assert.ok(Number.isInteger(report.elapsed_ms));
  assert.deepEqual(seen, report.results, 'onResult sees each result as it completes');
  for (const result of report.results) {
    for (const key of ['test_name', 'endpoint', 'method', 'passed', 'status_code', 'error_message']) assert.ok(key in result, key);
    assert.match(result.endpoint, /^\/[a-z-]*(\/\{id\})?$/);
  }
  const categories = new Set(report.results.map((r) => r.category));
  for (const c of ['health', 'crud', 'validation', 'not_found', 'conflict', 'reference', 'injection', 'fuzz']) assert.ok(categories.has(c), c);
  assert.equal(api.rowCount(), 0, 'every row the runner created is deleted');
});

test('parents are created before children', () => {
  assert.deepEqual(planResources(project.spec).map((p) => p.name), ['author', 'tag', 'book']);
});

const failureClasses = {
  create500: /^Fuzz create|^CRUD create/,
  no404: /unknown book id → 404|get deleted/,
  no422missing: /^Missing required field 'isbn' on create book/,
  noTypeCheck: /^Wrong type for 'price' on create book/,
  no409: /^Duplicate 'isbn' on create book → 409/,
  badSchema: /^CRUD create book/,
  injection500: /^SQL injection in query 'title' on list books/,
  missingRef500: /^Missing author in 'author_id' on create book/,
  oversize500: /^Oversized 'isbn'/,
  deleteKeeps: /^CRUD get deleted book → 404/,
  patch500: /PATCH/,
};

for (const [fault, expectedFailure] of Object.entries(failureClasses)) {
  test(`catches a broken API: ${fault}`, async () => {
    const { report } = await verifyAgainst([fault]);
    assert.equal(report.passed, false);
    const names = failing(report).map((r) => r.test_name);
    assert.ok(names.some((name) => expectedFailure.test(name)), `expected a failure matching ${expectedFailure}, got ${names.join(' | ')}`);
    for (const result of failing(report)) assert.ok(result.error_message, 'a failed test says why');
  });
}

test('a schema mismatch names the offending property', async () => {
  const { report } = await verifyAgainst(['badSchema']);
  const create = report.results.find((r) => r.test_name === 'CRUD create book');
  assert.match(create.error_message, /does not match the OpenAPI schema/);
});

test('the same seed makes the same requests in the same order; another seed differs', async () => {
  const a = await verifyAgainst([], { seed: 3 });
  const b = await verifyAgainst([], { seed: 3 });
  const c = await verifyAgainst([], { seed: 4 });
  assert.deepEqual(a.api.requests, b.api.requests);
  assert.deepEqual(a.report.results.map((r) => r.test_name), b.report.results.map((r) => r.test_name));
  assert.notDeepEqual(a.api.requests, c.api.requests);
});

test('an unreachable API fails the health check and stops there', async () => {
  const report = await runVerification({ baseUrl: `http://127.0.0.1:${await freePort()}`, project });
  assert.equal(report.passed, false);
  assert.equal(report.results.length, 1);
  assert.match(report.results[0].error_message, /request failed/);
});

test('aborting stops the run with an AbortError', async () => {
  const api = await startTestApi(project.spec, []);
  const controller = new AbortController();
  let count = 0;
  await assert.rejects(
    runVerification({
      baseUrl: api.baseUrl,
      project,
      signal: controller.signal,
      onResult: () => {
        count += 1;
        if (count === 3) controller.abort();
      },
    }),
    { name: 'AbortError' },
  );
  assert.equal(count, 3);
  await api.close();
});
