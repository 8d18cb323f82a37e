'use strict';
/**
 * The generate → deploy → verify → report → fix loop shared by the Electron app and the headless CLI.
 *
 * (prompt given) generate → poll status every 2 s up to 120 s → get project → download → deploy →
 * verify → verify-report → while the Cloud says `fix` (attempt n ≤ maxAttempts): fix → poll → download the
 * new version → stop the old deployment, deploy the new one → verify → report.
 *
 * A deployment that fails to build or get healthy is a failing verification (reported, then fixed), not an
 * error of the loop; a machine without a working Docker is an error. On success the final deployment is left
 * running (the caller stops it, e.g. after showing `/docs`); on failure, error or abort it is stopped.
 */

const { runVerification } = require('./verify-runner');
const { NetworkError } = require('./api-client');
const { sleep, throwIfAborted } = require('./abort');

/** The Cloud accepts at most this many results per report (VerificationReport.results). */
const MAX_REPORTED_RESULTS = 1000;
const MAX_LOGS_IN_REPORT = 8000;

class RunError extends Error {
  constructor(message) {
    super(message);
    this.name = 'RunError';
  }
}

/** The report as the Cloud takes it: failures first when it has to be cut to the size limit. */
function reportForCloud(report) {
  if (report.results.length <= MAX_REPORTED_RESULTS) return report;
  const failed = report.results.filter((r) => !r.passed);
  const passed = report.results.filter((r) => r.passed);
  return { ...report, results: [...failed, ...passed].slice(0, MAX_REPORTED_RESULTS) };
}

/** A report with one failed test standing for a project that could not be started. */
function deployFailureReport(projectId, error, healthPath, elapsedMs) {
  const logs = error.logs ? `\n--- docker compose logs (tail) ---\n${error.logs}` : '';
  return {
    project_id: projectId,
    passed: false,
    elapsed_ms: elapsedMs,
    results: [
      {
        test_name: `Deploy and health check GET ${healthPath}`,
        endpoint: healthPath,
        method: 'GET',
        passed: false,
        status_code: null,
        error_message: `${error.message}${logs}`.slice(-MAX_LOGS_IN_REPORT),
        category: 'deploy',
      },
    ],
  };
}

/**
 * @param {object} options
 * @param {import('./api-client').ApiClient} options.client logged-in Cloud client
 * @param {{deploy: Function, stop: Function}} options.docker a DockerManager (or an object with the same
 *   `deploy(projectId, zip, {signal, healthPath})` / `stop(projectId)` methods)
 * @param {string} [options.prompt] generate a new project from this prompt...
 * @param {string} [options.name]
 * @param {string} [options.projectId] ...or verify (and fix) this existing project
 * @param {number} [options.seed]
 * @param {AbortSignal} [options.signal]
 * @param {(event: object) => void} [options.onEvent] `{type:'step', step, attempt, message}` with step in
 *   generate|wait|download|deploy|health|verify|report|fix|done|error; `{type:'log', line}`;
 *   `{type:'result', result}`; `{type:'report', report, response}`
 * @returns {Promise<{projectId: string, passed: boolean, action: string, message: string, report: object,
 *   attempts: number, baseUrl: string|null}>} attempts = fix attempts used in this run
 */
async function runLoop({
  client,
  docker,
  prompt,
  name,
  projectId,
  seed = 1,
  signal,
  onEvent = () => {},
  pollIntervalMs = 2000,
  pollTimeoutMs = 120000,
  maxAttempts = 3,
}) {
  let attempt = 0;
  let deployed = null;
  const step = (stepName, message) => onEvent({ type: 'step', step: stepName, attempt, message });
  const checkAbort = () => throwIfAborted(signal);

  const waitReady = async (id) => {
    step('wait', attempt ? `Waiting for fix ${attempt}/${maxAttempts}` : 'Waiting for the Cloud to generate the project');
    const deadline = Date.now() + pollTimeoutMs;
    for (;;) {
      checkAbort();
      let status;
      try {
        status = await client.getStatus(id);
      } catch (error) {
        // The Cloud may be restarting: keep polling until the deadline.
        if (!(error instanceof NetworkError) || Date.now() + pollIntervalMs > deadline) throw error;
        onEvent({ type: 'log', line: `The Cloud is unreachable (${error.message}); still polling` });
        await sleep(pollIntervalMs, signal);
        continue;
      }
      if (status.status === 'ready') return status;
      if (status.status === 'failed') throw new RunError(status.error || 'The Cloud could not generate the project');
      if (Date.now() + pollIntervalMs > deadline) {
        throw new RunError(`The Cloud did not finish within ${Math.round(pollTimeoutMs / 1000)} s (status: ${status.status})`);
      }
      await sleep(pollIntervalMs, signal);
    }
  };

  try {
    checkAbort();
    let id = projectId;
    if (prompt) {
      step('generate', 'Sending the prompt to the Cloud');
      const accepted = await client.generate(prompt, name);
      id = accepted.project_id;
    }
    if (!id) throw new TypeError('runLoop needs a prompt or a projectId');
    await waitReady(id);

    for (;;) {
      checkAbort();
      const project = await client.getProject(id);
      // The Cloud counts the attempts: a project may have used some in an earlier run.
      attempt = project.fix_attempts_used || 0;
      const healthPath = (project.spec && project.spec.health_path) || '/health';
      step('download', `Downloading version ${project.version}`);
      const zip = await client.download(id, { version: project.version });

      if (deployed) {
        await docker.stop(deployed.projectId);
        deployed = null;
      }
      step('deploy', 'Building and starting the project with Docker Compose');
      const deployStarted = Date.now();
      let report;
      try {
        deployed = await docker.deploy(id, zip, { signal, healthPath });
      } catch (error) {
        if (error.name === 'AbortError' || !error.isProjectFault) throw error;
        step('health', `The project did not start: ${error.message}`);
        report = deployFailureReport(id, error, healthPath, Date.now() - deployStarted);
      }
      if (deployed) {
        step('health', `API healthy at ${deployed.baseUrl}`);
        step('verify', 'Running smoke and fuzz tests');
        report = await runVerification({
          baseUrl: deployed.baseUrl,
          project,
          seed,
          signal,
          onResult: (result) => onEvent({ type: 'result', result }),
        });
      }

      checkAbort();
      step('report', `${report.results.filter((r) => !r.passed).length} of ${report.results.length} tests failed`);
      const response = await client.verifyReport(id, reportForCloud(report));
      onEvent({ type: 'report', report, response });

      const done = async (passed, action, message) => {
        if (!passed && deployed) {
          await docker.stop(deployed.projectId);
          deployed = null;
        }
        step('done', message);
        return { projectId: id, passed, action, message, report, attempts: attempt, baseUrl: deployed ? deployed.baseUrl : null };
      };
      if (response.action_required === 'none') return done(report.passed, 'none', response.message);
      if (response.action_required !== 'fix' || attempt >= maxAttempts) {
        // Our own words: the Cloud's message may be an instruction ("proceed to trigger auto-fix") we do not follow.
        const failed = report.results.filter((r) => !r.passed).length;
        const tally = `${failed} of ${report.results.length} tests fail`;
        const message = attempt > 0 ? `Still failing after ${attempt} fix attempt${attempt === 1 ? '' : 's'}: ${tally}` : tally;
        return done(false, 'give_up', message);
      }

      attempt += 1;
      step('fix', `Asking the Cloud for fix ${attempt}/${maxAttempts}`);
      await client.fix(id, {
        report_id: response.report_id,
        attempt_number: attempt,
        failed_tests: report.results
          .filter((r) => !r.passed)
          .slice(0, MAX_REPORTED_RESULTS)
          .map((r) => ({ method: r.method, endpoint: r.endpoint, error_message: r.error_message })),
      });
      await waitReady(id);
    }
  } catch (error) {
    if (deployed) await docker.stop(deployed.projectId).catch(() => undefined);
    step('error', error.name === 'AbortError' ? 'Cancelled' : error.message);
    throw error;
  }
}

module.exports = { runLoop, RunError };
