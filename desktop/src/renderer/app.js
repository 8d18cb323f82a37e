'use strict';
// The renderer: plain DOM, talks only to window.apigen (preload in Electron,
// bridge-shim.js in browser mode). Every apigen call resolves to
// { ok, value } or { ok: false, error: { code, message } }.
(function main() {
  const apigen = window.apigen;
  const $ = (id) => document.getElementById(id);

  const EXAMPLES = [
    { label: 'Library', name: 'library', prompt: 'A library API with books, members and loans. Books have a title, an author, a unique ISBN and a publication year. Members have a name and a unique email. A loan links a member to a book with a due date and a returned flag.' },
    { label: 'Task tracker', name: 'tasks', prompt: 'A task tracker with projects and tasks. A project has a name and a description. A task has a title, a priority from 1 to 5, a done flag and a due date, and belongs to a project.' },
    { label: 'Blog', name: 'blog', prompt: 'A blog with authors, posts and tags. Authors have a name and a unique email. Posts have a title, a body and a published flag, belong to an author and have many tags. Tags have a unique name.' },
    { label: 'Shop inventory', name: 'inventory', prompt: 'An inventory API for a small shop: products with a unique SKU, a name, a price and a stock count; suppliers with a name and a phone number; each product belongs to a supplier.' },
  ];
  const STEPS = [
    { key: 'generate', label: 'Generate', of: ['generate', 'wait'] },
    { key: 'build', label: 'Build', of: ['download', 'deploy'] },
    { key: 'health', label: 'Health check', of: ['health'] },
    { key: 'tests', label: 'Tests', of: ['verify'] },
    { key: 'report', label: 'Report', of: ['report'] },
    { key: 'fix', label: 'Fix', of: ['fix'] },
  ];
  const MAX_FIX_ATTEMPTS = 3;
  const STATUS_LABELS = { generating: 'Generating', fixing: 'Fixing', ready: 'Ready', failed: 'Failed' };
  const PROJECT_POLL_MS = 4000;

  const state = {
    auth: null, // auth.status value
    mode: 'login', // or 'register'
    projects: null, // null = not loaded yet
    projectsError: null,
    selectedProjectId: null,
    view: 'compose',
    runs: new Map(), // runId -> run snapshot, kept current by events
    currentRunId: null,
    pollTimer: null,
  };

  // ---- DOM helpers (textContent only: names, prompts and errors are data) ----
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'class') el.className = value;
      else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
      else el.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }
  const show = (el, visible) => { el.hidden = !visible; };

  function badge(status) {
    const known = STATUS_LABELS[status] ? status : 'unknown';
    return h('span', { class: `badge badge-${known}` }, h('span', { class: 'badge-dot', 'aria-hidden': 'true' }), STATUS_LABELS[status] || status || 'Unknown');
  }

  function relativeTime(iso) {
    if (!iso) return '';
    const seconds = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
    if (Number.isNaN(seconds)) return '';
    if (seconds < 60) return 'just now';
    if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
    if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
    return new Date(iso).toLocaleDateString();
  }

  let toastTimer = null;
  function toast(message, kind = 'info') {
    const el = $('toast');
    el.textContent = message;
    el.className = `toast toast-${kind}`;
    show(el, true);
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => show(el, false), 5000);
  }

  function setBusy(button, busy, busyLabel) {
    if (busy) {
      button.dataset.label = button.textContent;
      button.textContent = busyLabel;
      button.disabled = true;
      button.setAttribute('aria-busy', 'true');
    } else {
      if (button.dataset.label) button.textContent = button.dataset.label;
      button.disabled = false;
      button.removeAttribute('aria-busy');
    }
  }

  // Handles errors every screen treats alike; returns the value or null.
  async function call(promise, { quiet = false } = {}) {
    const result = await promise;
    if (result.ok) {
      if (state.auth && state.auth.loggedIn && !$('banner').hidden) {
        show($('banner'), false);
        setCloudState(true);
      }
      return result;
    }
    const { code, message } = result.error;
    if (code === 'unauthorized') {
      showAuth(message || 'Please log in again.');
    } else if (code === 'network' || code === 'bridge') {
      if (code === 'network') setCloudState(false);
      $('banner-text').textContent = message;
      show($('banner'), true);
    } else if (!quiet) {
      toast(message, 'error');
    }
    return result;
  }

  function setCloudState(reachable) {
    const pill = $('cloud-pill');
    pill.textContent = reachable ? 'Cloud online' : 'Cloud offline';
    pill.className = `pill ${reachable ? 'pill-ok' : 'pill-down'}`;
    pill.title = state.auth && state.auth.cloudUrl ? `Cloud: ${state.auth.cloudUrl}` : '';
    show(pill, true);
  }

  // ---- Views ----
  function setView(view) {
    state.view = view;
    show($('compose-view'), view === 'compose');
    show($('run-view'), view === 'run');
    show($('project-view'), view === 'project');
    renderProjectList();
  }

  function showAuth(message) {
    stopPolling();
    state.auth = { ...(state.auth || {}), loggedIn: false };
    show($('boot-view'), false);
    show($('workspace'), false);
    show($('auth-view'), true);
    show($('user-email'), false);
    show($('logout-btn'), false);
    const storage = state.auth.tokenStorage;
    show($('remember-row'), Boolean(storage && storage.canPersist));
    $('auth-remember').checked = Boolean(storage && storage.persistent);
    $('auth-cloud').textContent = state.auth.cloudUrl || '';
    showAuthError(message || '');
    $('auth-email').focus();
  }

  function showAuthError(message) {
    $('auth-error').textContent = message;
    show($('auth-error'), Boolean(message));
  }

  function setAuthMode(mode) {
    state.mode = mode;
    const register = mode === 'register';
    $('tab-login').setAttribute('aria-selected', String(!register));
    $('tab-register').setAttribute('aria-selected', String(register));
    $('auth-submit').textContent = register ? 'Create account' : 'Log in';
    $('auth-password').setAttribute('autocomplete', register ? 'new-password' : 'current-password');
    show($('auth-password-hint'), register);
    showAuthError('');
  }

  function showWorkspace() {
    show($('boot-view'), false);
    show($('auth-view'), false);
    show($('workspace'), true);
    const user = state.auth.user || {};
    $('user-email').textContent = user.email || '';
    show($('user-email'), Boolean(user.email));
    show($('logout-btn'), true);
    setView(state.currentRunId ? 'run' : 'compose');
    refreshProjects();
    startPolling();
  }

  // ---- Projects ----
  async function refreshProjects() {
    const result = await call(apigen.projects.list({ limit: 100 }), { quiet: true });
    if (result.ok) {
      state.projects = result.value.items;
      state.projectsError = null;
    } else if (state.projects === null) {
      state.projectsError = result.error.message;
    }
    renderProjectList();
  }

  function startPolling() {
    stopPolling();
    state.pollTimer = setInterval(() => {
      if (document.visibilityState === 'visible') refreshProjects();
    }, PROJECT_POLL_MS);
  }
  function stopPolling() {
    clearInterval(state.pollTimer);
    state.pollTimer = null;
  }

  function renderProjectList() {
    const list = $('project-list');
    const status = $('projects-state');
    list.replaceChildren();
    status.replaceChildren();
    if (state.projects === null && !state.projectsError) {
      status.append(h('div', { class: 'skeleton' }), h('div', { class: 'skeleton' }), h('div', { class: 'skeleton' }));
      status.setAttribute('aria-busy', 'true');
      return;
    }
    status.removeAttribute('aria-busy');
    if (state.projectsError) {
      status.append(h('p', { class: 'sidebar-empty error-text' }, state.projectsError),
        h('button', { class: 'btn btn-secondary btn-sm', type: 'button', onclick: refreshProjects }, 'Retry'));
      return;
    }
    if (state.projects.length === 0) {
      status.append(h('p', { class: 'sidebar-empty' }, 'No projects yet.', h('br'), 'Describe your first API to get started.'));
      return;
    }
    for (const project of state.projects) {
      const selected = state.view === 'project' && state.selectedProjectId === project.id;
      const report = project.latest_report;
      const meta = report ? `${report.total - report.failed}/${report.total} tests · ${relativeTime(project.updated_at)}` : relativeTime(project.updated_at || project.created_at);
      list.append(h('li', null, h('button', {
        class: `project-item${selected ? ' selected' : ''}`,
        type: 'button',
        'aria-current': selected ? 'page' : null,
        'data-project-id': project.id,
        onclick: () => openProject(project.id),
      },
      h('span', { class: 'project-item-top' }, h('span', { class: 'project-name' }, project.name), badge(project.status)),
      h('span', { class: 'project-meta' }, meta))));
    }
  }

  async function openProject(projectId) {
    state.selectedProjectId = projectId;
    setView('project');
    const listed = (state.projects || []).find((p) => p.id === projectId);
    $('project-title').textContent = listed ? listed.name : 'Project';
    $('project-meta').textContent = '';
    show($('project-error'), false);
    $('project-body').replaceChildren(h('div', { class: 'loading-block' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), 'Loading project…'));
    const result = await call(apigen.projects.get({ projectId }), { quiet: true });
    if (state.selectedProjectId !== projectId || state.view !== 'project') return;
    if (!result.ok) {
      $('project-body').replaceChildren();
      $('project-error').textContent = result.error.message;
      show($('project-error'), true);
      return;
    }
    renderProject(result.value);
  }

  function renderProject(project) {
    $('project-title').textContent = project.name;
    $('project-meta').textContent = `Version ${project.version} · created ${relativeTime(project.created_at)} · fix attempts used ${project.fix_attempts_used ?? 0}/${MAX_FIX_ATTEMPTS}`;
    $('verify-btn').disabled = project.status !== 'ready';
    $('verify-btn').title = project.status === 'ready' ? '' : 'Available once the project is ready';
    const body = $('project-body');
    body.replaceChildren();

    const facts = h('div', { class: 'facts card card-pad' },
      h('div', { class: 'fact' }, h('span', { class: 'fact-label' }, 'Status'), badge(project.status)),
      h('div', { class: 'fact' }, h('span', { class: 'fact-label' }, 'Last verification'), reportSummary(project.latest_report)));
    body.append(facts);
    const live = [...state.runs.values()].find((r) => r.projectId === project.id && r.status === 'running');
    if (live) {
      body.append(h('div', { class: 'callout callout-info' }, 'A local run of this project is in progress.',
        h('button', { class: 'btn btn-secondary btn-sm', type: 'button', onclick: () => startedRun(live.runId, { keepLog: true }) }, 'Show progress')));
    } else {
      renderDeployment(project.id, body, facts);
    }
    if (project.error) body.append(h('p', { class: 'callout callout-error' }, project.error));
    body.append(h('section', { class: 'card card-pad' },
      h('h2', { class: 'panel-title' }, 'Description'),
      h('p', { class: 'prompt-quote' }, project.prompt || '—')));

    const resources = project.spec && project.spec.api && project.spec.api.resources;
    if (resources && resources.length) {
      body.append(h('section', { class: 'card card-pad' },
        h('h2', { class: 'panel-title' }, `Resources (${resources.length})`),
        h('ul', { class: 'resource-list' }, resources.map((r) => h('li', { class: 'resource' },
          h('code', { class: 'resource-path' }, r.path || `/${r.plural}`),
          h('span', { class: 'resource-fields' }, sentNames(r).join(', ')))))));
    }
  }

  // What a client sends for a resource: its fields, then its links to others
  // (`member_id` of a many-to-one, `tag_ids` of a many-to-many); a one-to-many
  // is sent from the other side.
  function sentNames(resource) {
    const links = (resource.relations || []).filter((rel) => rel.kind !== 'one_to_many');
    return (resource.fields || []).map((f) => f.name).concat(links.map((rel) => rel.field));
  }

  // "Running at …" with docs and stop, when this project is deployed locally.
  async function renderDeployment(projectId, body, after) {
    const result = await apigen.app.deployments();
    const deployment = result.ok && result.value.find((d) => d.projectId === projectId);
    if (!deployment || state.selectedProjectId !== projectId || state.view !== 'project') return;
    const run = [...state.runs.values()].reverse().find((r) => r.projectId === projectId);
    const docsUrl = `${deployment.baseUrl}/docs`;
    const box = h('div', { class: 'callout callout-ok', id: 'deployment-box' },
      h('span', null, 'Running locally at ', h('code', null, deployment.baseUrl)),
      h('span', { class: 'callout-actions' },
        h('a', { class: 'btn btn-secondary btn-sm', href: docsUrl, onclick: (event) => { event.preventDefault(); call(apigen.app.openDocs({ url: docsUrl })); } }, 'Open API docs ↗'),
        run && h('button', {
          class: 'btn btn-danger btn-sm', type: 'button', id: 'deployment-stop',
          onclick: async (event) => {
            setBusy(event.currentTarget, true, 'Stopping…');
            const stopped = await call(apigen.run.stop({ runId: run.runId }));
            if (stopped.ok) {
              state.runs.set(run.runId, stopped.value);
              box.remove();
              toast('Stopped. Local containers were removed.');
            }
          },
        }, 'Stop API')));
    after.after(box);
  }

  function reportSummary(report) {
    if (!report) return h('span', { class: 'muted' }, 'Not verified yet');
    const passed = report.total - report.failed;
    return h('span', { class: report.passed ? 'ok-text' : 'error-text' },
      report.passed ? `All ${report.total} tests passed` : `${passed} of ${report.total} tests passed`);
  }

  // ---- Runs ----
  function startedRun(runId, { keepLog = false } = {}) {
    state.currentRunId = runId;
    const run = state.runs.get(runId);
    $('log').textContent = keepLog && run && run.log.length ? `${run.log.join('\n')}\n` : '';
    setView('run');
    renderRun();
    $('run-title').focus();
  }

  // Waiting for the Cloud is "Generate" the first time and "Fix" once a fix was asked for.
  function stepIndex(step, attempt) {
    const key = step === 'wait' && attempt > 0 ? 'fix' : step;
    return STEPS.findIndex((s) => s.of.includes(key));
  }

  function renderRun() {
    const run = state.runs.get(state.currentRunId);
    if (!run) return;
    const running = run.status === 'running';
    $('run-title').textContent = run.name || (run.kind === 'verify' ? 'Local verification' : 'Your new API');
    $('run-subtitle').textContent = run.prompt || '';
    show($('run-subtitle'), Boolean(run.prompt));

    // Stepper
    const fixes = run.attempt || 0; // fix attempts asked for so far
    // After 'done' the stepper shows the final state: tests red when they still fail.
    const current = run.step === 'done' ? (run.status === 'failed' ? stepIndex('verify') : STEPS.length) : stepIndex(run.step, fixes);
    const stepper = $('stepper');
    stepper.replaceChildren();
    STEPS.forEach((step, i) => {
      let status = 'pending';
      if (i < current) status = 'done';
      else if (i === current) status = running ? 'active' : (run.status === 'passed' ? 'done' : 'failed');
      if (step.key === 'fix' && i !== current) {
        if (fixes > 0) status = 'done';
        else if (run.step === 'done') status = 'skipped';
      }
      // A run that ended with failing tests still reported them.
      if (step.key === 'report' && i > current && run.step === 'done') status = 'done';
      const sub = step.key === 'fix' && fixes > 0 ? `attempt ${fixes}/${MAX_FIX_ATTEMPTS}` : '';
      stepper.append(h('li', { class: `step step-${status}`, 'aria-current': status === 'active' ? 'step' : null },
        h('span', { class: 'step-dot', 'aria-hidden': 'true' }, status === 'done' ? '✓' : status === 'failed' ? '!' : String(i + 1)),
        h('span', { class: 'step-text' }, h('span', { class: 'step-label' }, step.label), sub && h('span', { class: 'step-sub' }, sub)),
        h('span', { class: 'visually-hidden' }, ` (${status})`)));
    });

    // Status line
    const statusEl = $('run-status');
    statusEl.className = `run-status run-status-${run.status}`;
    if (running) statusEl.textContent = run.message || 'Starting…';
    else if (run.status === 'passed') statusEl.textContent = `All ${run.results.length} tests passed${fixes ? ` after ${fixes} automatic fix${fixes > 1 ? 'es' : ''}` : ''}. ${run.baseUrl ? `Your API is running at ${run.baseUrl}.` : ''}`;
    else if (run.status === 'failed') statusEl.textContent = (run.outcome && run.outcome.message) || 'Some tests still fail.';
    else if (run.status === 'stopped') statusEl.textContent = 'Stopped. Local containers were removed.';
    else if (run.status === 'error') statusEl.textContent = (run.error && run.error.message) || 'The run failed.';

    // Actions
    const docs = $('docs-link');
    const docsUrl = run.baseUrl && run.status !== 'stopped' ? `${run.baseUrl.replace(/\/$/, '')}/docs` : null;
    show(docs, Boolean(docsUrl));
    if (docsUrl) docs.href = docsUrl;
    const stop = $('stop-btn');
    const canStop = running || Boolean(docsUrl);
    show(stop, canStop);
    stop.textContent = running ? 'Stop' : 'Stop API';
    renderResults(run);
  }

  function renderResults(run) {
    const body = $('results-body');
    body.replaceChildren();
    for (const r of run.results) {
      body.append(h('tr', { class: r.passed ? 'row-pass' : 'row-fail' },
        h('td', { class: 'cell-name' }, r.test_name),
        h('td', null, h('span', { class: `method method-${String(r.method).toLowerCase()}` }, r.method)),
        h('td', null, h('code', null, r.endpoint)),
        h('td', { class: 'cell-num' }, r.status_code ?? '—'),
        h('td', null, h('span', { class: `result ${r.passed ? 'result-pass' : 'result-fail'}` }, r.passed ? 'Pass' : 'Fail')),
        h('td', { class: 'cell-error' }, r.error_message || '')));
    }
    show($('results-empty'), run.results.length === 0);
    const failed = run.results.filter((r) => !r.passed).length;
    $('results-summary').textContent = run.results.length
      ? `${run.results.length - failed} passed · ${failed} failed` : '';
  }

  function appendLog(line) {
    const log = $('log');
    // Keep following the output unless the user scrolled up to read.
    const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 24;
    log.append(`${line}\n`);
    if (atBottom) log.scrollTop = log.scrollHeight;
    const run = state.runs.get(state.currentRunId);
    $('log-count').textContent = run ? `${run.log.length} lines` : '';
  }

  function onEvent(ev) {
    if (ev.type === 'auth') {
      if (!ev.loggedIn) showAuth(ev.message);
      return;
    }
    if (!ev.runId) return;
    if (ev.type === 'run') {
      state.runs.set(ev.runId, ev.run);
      if (ev.run.status !== 'running') refreshProjects();
    } else {
      const run = state.runs.get(ev.runId);
      if (!run) return;
      if (ev.type === 'step') {
        if (ev.step !== 'error') run.step = ev.step;
        run.message = ev.message || run.message;
        if (ev.attempt !== undefined) run.attempt = ev.attempt;
        if ('baseUrl' in ev) run.baseUrl = ev.baseUrl;
        if (ev.projectId) run.projectId = ev.projectId;
        if (ev.step === 'verify') run.results = [];
        if (ev.step === 'generate' || ev.step === 'fix') refreshProjects();
      } else if (ev.type === 'log') {
        run.log.push(ev.line);
        if (ev.runId === state.currentRunId) appendLog(ev.line);
      } else if (ev.type === 'result') {
        run.results.push(ev.result);
      } else if (ev.type === 'report') {
        run.results = ev.report.results.slice();
      }
    }
    if (ev.runId === state.currentRunId && state.view === 'run' && ev.type !== 'log') renderRun();
  }

  // ---- Wiring ----
  function wire() {
    $('tab-login').addEventListener('click', () => setAuthMode('login'));
    $('tab-register').addEventListener('click', () => setAuthMode('register'));
    for (const id of ['auth-email', 'auth-password']) $(id).addEventListener('input', () => showAuthError(''));
    $('auth-form').addEventListener('submit', async (event) => {
      event.preventDefault();
      const email = $('auth-email').value.trim();
      const password = $('auth-password').value;
      if (!email || !password) return showAuthError('Enter your email and password.');
      if (state.mode === 'register' && password.length < 8) return showAuthError('Choose a password of at least 8 characters.');
      showAuthError('');
      const button = $('auth-submit');
      setBusy(button, true, state.mode === 'register' ? 'Creating account…' : 'Logging in…');
      if ($('remember-row').hidden === false) {
        const persistence = await apigen.auth.setTokenPersistence({ persist: $('auth-remember').checked });
        if (!persistence.ok) {
          setBusy(button, false);
          return showAuthError(persistence.error.message);
        }
      }
      const result = await apigen.auth[state.mode === 'register' ? 'register' : 'login']({ email, password });
      setBusy(button, false);
      if (!result.ok) return showAuthError(result.error.message);
      $('auth-password').value = '';
      state.auth = result.value;
      showWorkspace();
      return undefined;
    });
    $('logout-btn').addEventListener('click', async () => {
      await apigen.auth.logout();
      state.projects = null;
      state.runs.clear();
      state.currentRunId = null;
      setAuthMode('login');
      showAuth('');
    });
    $('banner-retry').addEventListener('click', boot);

    $('new-btn').addEventListener('click', () => {
      setView('compose');
      $('prompt').focus();
    });
    // The limit lives in the textarea's maxlength (the Cloud's 20,000 characters).
    const updateCount = () => { $('prompt-count').textContent = `${$('prompt').value.length} / ${$('prompt').maxLength}`; };
    // A validation message is about the input it judged: editing the form dismisses it.
    const clearComposeError = () => show($('compose-error'), false);
    $('prompt').addEventListener('input', () => { updateCount(); clearComposeError(); });
    $('project-name').addEventListener('input', clearComposeError);
    const examples = $('examples');
    for (const example of EXAMPLES) {
      examples.append(h('button', {
        class: 'chip', type: 'button',
        onclick: () => {
          $('prompt').value = example.prompt;
          $('project-name').value = example.name;
          updateCount();
          clearComposeError();
          $('prompt').focus();
        },
      }, example.label));
    }
    $('compose-form').addEventListener('submit', async (event) => {
      event.preventDefault();
      const prompt = $('prompt').value.trim();
      const name = $('project-name').value.trim();
      const error = $('compose-error');
      show(error, false);
      if (prompt.length < 10) {
        error.textContent = 'Describe your API in at least a sentence.';
        show(error, true);
        $('prompt').focus();
        return;
      }
      const button = $('generate-btn');
      setBusy(button, true, 'Starting…');
      const result = await call(apigen.run.start({ prompt, name: name || undefined }), { quiet: true });
      setBusy(button, false);
      if (!result.ok) {
        error.textContent = result.error.message;
        show(error, true);
        return;
      }
      startedRun(result.value.runId);
    });

    $('stop-btn').addEventListener('click', async () => {
      const button = $('stop-btn');
      setBusy(button, true, 'Stopping…');
      const result = await call(apigen.run.stop({ runId: state.currentRunId }));
      setBusy(button, false);
      if (result.ok) {
        state.runs.set(state.currentRunId, result.value);
        renderRun();
        toast('Stopped. Local containers were removed.');
      }
    });
    $('docs-link').addEventListener('click', async (event) => {
      event.preventDefault();
      await call(apigen.app.openDocs({ url: $('docs-link').href }));
    });

    $('verify-btn').addEventListener('click', async () => {
      const button = $('verify-btn');
      setBusy(button, true, 'Starting…');
      const result = await call(apigen.run.verify({ projectId: state.selectedProjectId }));
      setBusy(button, false);
      if (result.ok) startedRun(result.value.runId);
    });
    let confirmTimer = null;
    $('delete-btn').addEventListener('click', async () => {
      const button = $('delete-btn');
      if (!button.classList.contains('confirming')) {
        button.classList.add('confirming');
        button.textContent = 'Click again to delete';
        confirmTimer = setTimeout(() => { button.classList.remove('confirming'); button.textContent = 'Delete'; }, 4000);
        return;
      }
      clearTimeout(confirmTimer);
      button.classList.remove('confirming');
      setBusy(button, true, 'Deleting…');
      const result = await call(apigen.projects.delete({ projectId: state.selectedProjectId }));
      setBusy(button, false);
      button.textContent = 'Delete';
      if (result.ok) {
        toast('Project deleted.');
        state.selectedProjectId = null;
        setView('compose');
        refreshProjects();
      }
    });
  }

  async function boot() {
    show($('banner'), false);
    const status = await apigen.auth.status();
    if (!status.ok) {
      state.auth = { loggedIn: false };
      if (status.error.code === 'network' || status.error.code === 'bridge') {
        $('banner-text').textContent = status.error.message;
        show($('banner'), true);
      }
      showAuth('');
      return;
    }
    state.auth = status.value;
    setCloudState(status.value.cloudReachable);
    if (!status.value.cloudReachable) {
      $('banner-text').textContent = `Cannot reach the Cloud at ${status.value.cloudUrl}. Start it or check your connection.`;
      show($('banner'), true);
    }
    if (!status.value.loggedIn) return showAuth('');
    // Reattach to runs still going (after a reload of the page).
    const runs = await apigen.run.list();
    if (runs.ok) {
      for (const run of runs.value) state.runs.set(run.runId, run);
      const live = runs.value.filter((r) => r.status === 'running').pop();
      if (live) {
        state.currentRunId = live.runId;
        $('log').textContent = live.log.length ? `${live.log.join('\n')}\n` : '';
      }
    }
    showWorkspace();
    if (state.currentRunId) renderRun();
    return undefined;
  }

  if (!apigen) {
    document.body.textContent = 'This page must be opened from the API Generator app.';
    return;
  }
  wire();
  apigen.onRunEvent(onEvent);
  boot();
})();
