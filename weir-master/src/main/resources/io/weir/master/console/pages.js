// The console's pages. Each renders into view and stops its streams and refreshes when signal aborts.
import { api, follow } from './api.js';
import { h, time, badge, table, toast, confirmAction } from './dom.js';
import { topology, rates } from './topology.js';

/** Lists without a stream of their own are refreshed this often. */
const REFRESH_MS = 2000;

/** Runs load now and every ms until signal aborts, never two at once; shows a failure in place of the page. */
function every(ms, signal, view, load) {
  let busy = false;
  const run = async () => {
    if (busy || signal.aborted) return;
    busy = true;
    try {
      await load();
    } catch (e) {
      if (!signal.aborted) show(view, h('p', { class: 'error', role: 'alert' }, e.message));
    } finally {
      busy = false;
    }
  };
  run();
  const timer = setInterval(run, ms);
  signal.addEventListener('abort', () => clearInterval(timer));
  return run;
}

/**
 * Calls load at most once at a time, again once more if asked meanwhile (for bursts of stream events); never rejects:
 * a failure shows in place of the page, unless the page was left.
 */
function coalesced(load, signal, view) {
  let running = null;
  let again = false;
  return () => {
    if (running) { again = true; return running; }
    running = (async () => {
      try {
        do { again = false; await load(); } while (again && !signal.aborted);
      } catch (e) {
        if (!signal.aborted) show(view, h('p', { class: 'error', role: 'alert' }, e.message));
      } finally {
        running = null;
      }
    })();
    return running;
  };
}

/** Replaces the page's content with children (nested lists flattened, null and false left out). */
function show(view, ...children) {
  view.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
}

function shown(name) {
  if (!performance.getEntriesByName(name).length) performance.mark(name);
}

const link = (href, text) => h('a', { href }, text);
const jobLink = (id) => link('#/jobs/' + encodeURIComponent(id), id);
const workersOf = (job) => (job.stages || []).flatMap((s) => s.workers);

function heading(title, ...rest) {
  return h('div', { class: 'heading' }, h('h1', {}, title), ...rest);
}

// ---- job clusters ----

export function clusters(view, { signal }) {
  every(5000, signal, view, async () => {
    const { list } = await api('/api/v1/jobClusters', { signal });
    show(view, heading('Job clusters'), table(['name', 'job class', 'stages (workers)', 'labels'],
      list.map((c) => h('tr', {},
        h('td', {}, link('#/clusters/' + encodeURIComponent(c.name), c.name)),
        h('td', {}, c.jobClass),
        h('td', {}, Object.entries(c.stages || {}).map(([n, s]) => n + ': ' + s.numWorkers).join(', ')),
        h('td', {}, Object.entries(c.labels || {}).map(([k, v]) => k + '=' + v).join(', ')))),
      list.length ? null : 'No job clusters yet (weir cluster create, or POST /api/v1/jobClusters).'));
  });
}

export function cluster(view, { signal, admin, go }, name) {
  let definition = null;
  let jobs = [];
  const render = () => {
    if (!definition) return;
    const submit = admin ? h('button', { type: 'button', class: 'submit', onclick: () => confirmAction({
      title: 'Submit a job of ' + name,
      text: 'Starts a new job with the cluster\'s definition.',
      ok: 'Submit',
      action: async () => {
        const job = await api('/api/v1/jobClusters/' + encodeURIComponent(name) + '/jobs', { method: 'POST' });
        toast('Submitted ' + job.jobId);
        go('#/jobs/' + encodeURIComponent(job.jobId));
      },
    }) }, 'Submit a job') : null;
    show(view, heading('Job cluster ' + name, submit),
      h('h2', {}, 'Jobs'),
      table(['job', 'state', 'workers', 'submitted', 'reason'], jobs.map((j) => jobRow(j))),
      h('h2', {}, 'Definition'),
      h('pre', { class: 'definition' }, JSON.stringify(definition, null, 2)));
  };
  const load = coalesced(async () => {
    [definition, { list: jobs }] = await Promise.all([
      api('/api/v1/jobClusters/' + encodeURIComponent(name), { signal }),
      api('/api/v1/jobs?cluster=' + encodeURIComponent(name) + '&limit=50', { signal })]);
    render();
  }, signal, view);
  every(REFRESH_MS, signal, view, load);
  follow('/namedjobs/' + encodeURIComponent(name), () => load(), signal);
}

// ---- jobs ----

function jobRow(j) {
  const ws = workersOf(j);
  return h('tr', { dataset: { job: j.jobId } },
    h('td', {}, jobLink(j.jobId)),
    h('td', {}, badge(j.state)),
    h('td', {}, ws.length ? ws.filter((w) => w.state === 'Started').length + '/' + ws.length + ' started' : ''),
    h('td', {}, time(j.submittedAt)),
    h('td', { class: 'reason' }, j.reason || ''));
}

export function jobs(view, { signal }) {
  every(REFRESH_MS, signal, view, async () => {
    const { list } = await api('/api/v1/jobs?limit=200', { signal });
    show(view, heading('Jobs'), table(['job', 'state', 'workers', 'submitted', 'reason'], list.map(jobRow),
      list.length ? null : 'No jobs yet: open a job cluster to submit one.'));
    shown('weir-jobs-shown');
  });
}

export function job(view, { signal, admin, go }, jobId) {
  const path = '/api/v1/jobs/' + encodeURIComponent(jobId);
  let details = null;
  let definition = null;
  let samples = [];
  const render = () => {
    const active = !['Completed', 'Failed', 'Killed'].includes(details.state);
    const may = admin && active;
    const scalable = (s) => definition?.stages?.[s.stage]?.scalable;
    const actions = h('div', { class: 'actions' },
      may ? (details.stages || []).filter(scalable).map((s) => h('button', {
        type: 'button', class: 'scale', dataset: { stage: s.stage },
        onclick: () => scale(s, definition.stages[s.stage]),
      }, 'Scale stage ' + s.stage)) : null,
      may ? h('button', { type: 'button', class: 'kill danger', onclick: kill }, 'Kill job') : null);
    const r = rates(samples[0], samples[1]);
    show(view,
      heading('Job ' + jobId, actions),
      h('dl', { class: 'facts' },
        h('dt', {}, 'state'), h('dd', { id: 'job-state' }, badge(details.state)),
        h('dt', {}, 'cluster'), h('dd', {}, link('#/clusters/' + encodeURIComponent(details.cluster), details.cluster)),
        h('dt', {}, 'submitted'), h('dd', {}, time(details.submittedAt)),
        details.endedAt ? [h('dt', {}, 'ended'), h('dd', {}, time(details.endedAt))] : null,
        details.reason ? [h('dt', {}, 'reason'), h('dd', {}, details.reason)] : null),
      h('h2', {}, 'Topology'),
      topology(details, r),
      h('h2', {}, 'Workers'),
      table(['worker', 'stage', 'index', 'state', 'agent', 'host', 'ports', 'resubmits', 'last failure', ''],
        (details.stages || []).flatMap((s) => s.workers.map((w) => h('tr', { dataset: { worker: w.workerNumber } },
          h('td', {}, '#' + w.workerNumber), h('td', {}, s.stage), h('td', {}, w.workerIndex),
          h('td', { class: w.waiting || w.unavailable ? 'wrap' : null }, badge(w.state),
            w.waiting ? h('div', { class: 'muted' }, w.waiting) : null,
            w.unavailable ? h('div', { class: 'muted unavailable' }, 'takes no new sessions: ' + w.unavailable) : null),
          h('td', {}, w.taskExecutorId || ''), h('td', {}, w.host || ''),
          h('td', {}, [...(w.ports || []), ...(w.metricsPort ? ['metrics ' + w.metricsPort] : [])].join(', ')),
          h('td', {}, w.totalResubmitCount),
          h('td', { class: 'reason' }, w.lastFailure ? w.lastFailure + ' (' + time(w.lastFailureAt) + ')' : ''),
          h('td', {}, may && w.state !== 'Failed' ? h('button', {
            type: 'button', class: 'resubmit quiet', dataset: { worker: w.workerNumber }, onclick: () => resubmit(w),
          }, 'Resubmit') : null))))));
  };
  const scale = (s, def) => confirmAction({
    title: 'Scale stage ' + s.stage + ' of ' + jobId,
    text: 'Now ' + s.numWorkers + ' workers; this stage allows ' + def.min + ' to ' + def.max + '.',
    fields: [{ name: 'workers', label: 'Workers', type: 'number', value: s.numWorkers, min: 0, required: true }],
    ok: 'Scale',
    action: async (v) => {
      await api(path + '/actions/scaleStage', { method: 'POST', body: { StageNumber: s.stage, NumWorkers: Number(v.workers), Reason: 'scaled from the web console' } });
      toast('Stage ' + s.stage + ' scaled to ' + v.workers);
      load();
    },
  });
  const kill = () => confirmAction({
    title: 'Kill ' + jobId,
    text: 'Stops every worker of the job; it ends Killed.',
    fields: [{ name: 'reason', label: 'Reason', value: 'killed from the web console' }],
    ok: 'Kill job',
    action: async (v) => {
      await api(path + '?reason=' + encodeURIComponent(v.reason || 'killed from the web console'), { method: 'DELETE' });
      toast(jobId + ' killed');
      load();
    },
  });
  const resubmit = (w) => confirmAction({
    title: 'Resubmit worker #' + w.workerNumber,
    text: 'Stops worker #' + w.workerNumber + ' and starts a replacement at index ' + w.workerIndex + '.',
    fields: [{ name: 'reason', label: 'Reason', value: 'resubmitted from the web console' }],
    ok: 'Resubmit',
    action: async (v) => {
      await api(path + '/actions/resubmitWorker', { method: 'POST', body: { workerNumber: w.workerNumber, reason: v.reason } });
      toast('Worker #' + w.workerNumber + ' resubmitted');
      load();
    },
  });
  const load = coalesced(async () => {
    details = await api(path, { signal });
    if (!definition) definition = await api('/api/v1/jobClusters/' + encodeURIComponent(details.cluster), { signal }).catch(() => ({}));
    render();
    shown('weir-job-shown');
  }, signal, view);
  every(REFRESH_MS, signal, view, async () => {
    await load();
    if (!details || ['Completed', 'Failed', 'Killed'].includes(details.state)) return;
    const m = await api(path + '/workerMetrics', { signal }).catch(() => null);
    if (m) {
      samples = [samples[samples.length - 1], m].filter(Boolean);
      render();
    }
  });
  // An ended job's stream sends empty assignments and completes: no need to reconnect.
  follow('/assignmentresults/' + encodeURIComponent(jobId), (e) => {
    load();
    return e.workerAssignments && Object.keys(e.workerAssignments).length === 0;
  }, signal);
}

// ---- agents ----

async function resourceClusters(signal) {
  const { list } = await api('/api/v1/resourceClusters', { signal });
  return list;
}

export function agents(view, { signal }) {
  every(REFRESH_MS, signal, view, async () => {
    const ids = await resourceClusters(signal);
    const [executors, { list: active }, { list: defs }] = await Promise.all([
      Promise.all(ids.map((id) => api('/api/v1/resourceClusters/' + encodeURIComponent(id) + '/taskExecutors', { signal })
        .then((r) => r.list.map((e) => ({ ...e, cluster: id }))))).then((l) => l.flat()),
      api('/api/v1/jobs?state=active&limit=10000', { signal }),
      api('/api/v1/jobClusters', { signal })]);
    const stageOf = new Map();
    for (const j of active) for (const s of j.stages || []) for (const w of s.workers) stageOf.set(j.jobId + '/' + w.workerNumber, [j.cluster, s.stage]);
    const machineOf = new Map(defs.map((d) => [d.name, d.stages]));
    show(view, heading('Agents'), table(['agent', 'resource cluster', 'state', 'host', 'cores used / offered', 'memory MB used / offered', 'ports', 'workers', 'last heartbeat'],
      executors.map((e) => {
        let cores = 0;
        let memory = 0;
        for (const w of e.workers) {
          const [cl, stage] = stageOf.get(w.jobId + '/' + w.workerNumber) || [];
          const m = machineOf.get(cl)?.[stage]?.machine;
          if (m) { cores += m.cpuCores; memory += m.memoryMB; }
        }
        return h('tr', { dataset: { agent: e.id } },
          h('td', {}, e.id), h('td', {}, e.cluster), h('td', {}, badge(e.state)), h('td', {}, e.host),
          h('td', {}, meter(cores, e.machine.cpuCores)), h('td', {}, meter(memory, e.machine.memoryMB)),
          h('td', {}, e.ports ? e.ports.from + '–' + e.ports.to : ''),
          h('td', { class: 'wrap' }, e.workers.map((w) => h('div', {}, jobLink(w.jobId), ' #' + w.workerNumber))),
          h('td', {}, time(e.lastHeartbeat)));
      }), executors.length ? null : 'No agent has registered.'));
  });
}

function meter(used, offered) {
  const fmt = (n) => (Math.round(n * 100) / 100).toString();
  return h('span', {}, fmt(used) + ' / ' + fmt(offered),
    h('meter', { min: 0, max: offered || 1, value: Math.min(used, offered || 1), 'aria-label': fmt(used) + ' of ' + fmt(offered) }));
}

// ---- reservations ----

export function reservations(view, { signal }) {
  every(REFRESH_MS, signal, view, async () => {
    const ids = await resourceClusters(signal);
    const [views, { list: active }] = await Promise.all([
      Promise.all(ids.map((id) => api('/api/v1/resourceClusters/' + encodeURIComponent(id) + '/reservations', { signal }))),
      api('/api/v1/jobs?state=active&limit=10000', { signal })]);
    const waiting = active.flatMap((j) => (j.stages || []).flatMap((s) => s.workers.filter((w) => w.waiting)
      .map((w) => h('tr', {}, h('td', {}, jobLink(j.jobId)), h('td', {}, s.stage), h('td', {}, '#' + w.workerNumber), h('td', { class: 'reason' }, w.waiting)))));
    show(view, heading('Reservations'),
      h('h2', {}, 'Workers waiting for placement'),
      table(['job', 'stage', 'worker', 'why'], waiting, waiting.length ? null : 'No worker is waiting.'),
      views.map((v) => [
        h('h2', {}, 'Resource cluster ' + v.resourceCluster + ': ' + v.pendingReservations + ' pending' + (v.ready ? '' : ' (not placing yet: recovering)')),
        table(['constraint group', 'job', 'stage', 'priority', 'workers', 'stage size', 'in flight', 'dispatches'],
          v.groups.flatMap((g) => g.reservations.map((r) => h('tr', {},
            h('td', {}, g.constraintKey + (g.waitingForCapacity ? ' (waiting for capacity)' : '')),
            h('td', {}, jobLink(r.jobId)), h('td', {}, r.stage), h('td', {}, r.priority.type + ' (tier ' + r.priority.tier + ')'),
            h('td', {}, r.workerNumbers.map((n) => '#' + n).join(' ')), h('td', {}, r.stageTargetSize),
            h('td', {}, r.inFlight ? 'yes' : 'no'), h('td', {}, r.dispatches)))),
          v.groups.length ? null : 'Nothing pending.'),
      ]));
  });
}

// ---- services ----

export function services(view, { signal }) {
  let health = null;
  let topo = null;
  let list = [];
  const render = () => {
    if (!health) return;
    show(view, heading('Services and pipeline'),
      h('p', {}, 'Pipeline ', badge(health.status)),
      health.reasons.length ? h('ul', { class: 'reasons' }, health.reasons.map((r) => h('li', {}, r))) : null,
      table(['service', 'type', 'consumes', 'produces', 'instances', 'health', 'why'], list.map((s) => h('tr', { dataset: { service: s.name } },
        h('td', {}, s.name), h('td', {}, s.type), h('td', {}, s.inputTypes.join(', ')), h('td', {}, s.outputTypes.join(', ')),
        h('td', {}, String(s.instances.length)), h('td', {}, badge(s.status)), h('td', { class: 'reason' }, s.reasons.join('; ')))),
      list.length ? null : 'No service is registered.'),
      topo && topo.edges.length ? [h('h2', {}, 'Edges'), table(['from', 'event type', 'to'],
        topo.edges.map((e) => h('tr', {}, h('td', {}, e.from), h('td', {}, e.eventType), h('td', {}, e.to))))] : null);
  };
  const reload = coalesced(async () => {
    ({ services: list } = await api('/api/v1/services', { signal }));
    render();
  }, signal, view);
  follow('/api/v1/pipeline/healthStream', (e) => { health = e; reload(); }, signal,
    (e) => show(view, h('p', { class: 'error', role: 'alert' }, e.message)));
  follow('/api/v1/pipeline/topologyStream', (e) => { topo = e; reload(); }, signal);
}
