// A job's live topology: its stages left to right, each stage's workers coloured by state, with records/s and drops.
import { h, stateClass } from './dom.js';

function rate(v) {
  if (v === undefined || v === null) return '–';
  return v >= 100 ? Math.round(v).toString() : v.toFixed(1);
}

/** Lays a stage's tiles out in up to 4 columns of at most 6 rows (set through the CSSOM: the page allows no inline styles). */
function columns(tiles, n) {
  tiles.style.setProperty('--cols', String(Math.min(4, Math.max(1, Math.ceil(n / 6)))));
  return tiles;
}

/**
 * Renders stages as columns of worker tiles; rates maps workerNumber to {in, out, dropped} per second (dropped:
 * records dropped since the worker started).
 */
export function topology(job, rates) {
  return h('div', { class: 'topology', role: 'list', 'aria-label': 'Stages of ' + job.jobId },
    (job.stages || []).map((s) => h('section', { class: 'stage', role: 'listitem', dataset: { stage: s.stage } },
      h('h3', {}, 'Stage ' + s.stage, h('span', { class: 'muted' }, ' · ' + s.workers.filter((w) => w.state === 'Started').length + '/' + s.numWorkers + ' started')),
      columns(h('div', { class: 'tiles' }, s.workers.map((w) => {
        const r = rates.get(w.workerNumber);
        // A slot whose worker failed and is not running again is a problem now, whatever its replacement's state.
        const failing = w.state !== 'Started' && w.lastFailure;
        // A service worker that takes no new sessions (draining, recovering) is running but not fully there.
        const unavailable = w.state === 'Started' && w.unavailable;
        return h('div', {
          class: 'tile ' + (failing ? 'bad' : unavailable ? 'busy' : stateClass(w.state)),
          dataset: { workerNumber: w.workerNumber, workerIndex: w.workerIndex, state: w.state, unavailable: unavailable || '' },
          title: w.reason || w.waiting || (unavailable ? 'takes no new sessions: ' + w.unavailable : w.state),
        },
        h('strong', {}, '#' + w.workerNumber), ' ', h('span', {}, unavailable ? w.state + ' · ' + w.unavailable : w.state),
        h('small', {}, w.taskExecutorId || w.waiting || ''),
        h('small', { class: 'rates' }, 'in ' + rate(r?.in) + '/s · out ' + rate(r?.out) + '/s'),
        h('small', { class: 'drops' + (r?.dropped ? ' warn' : '') }, 'drops ' + (r ? Math.round(r.dropped) : '–')));
      })), s.workers.length))));
}

/** Turns two successive /workerMetrics answers into per-worker rates. */
export function rates(previous, current) {
  const out = new Map();
  if (!current) return out;
  const before = new Map((previous?.workers || []).map((w) => [w.workerNumber, w]));
  const seconds = previous ? (current.at - previous.at) / 1000 : 0;
  for (const w of current.workers) {
    if (w.error) continue;
    const p = before.get(w.workerNumber);
    const ok = p && !p.error && seconds > 0;
    out.set(w.workerNumber, {
      in: ok ? Math.max(0, (w.recordsIn - p.recordsIn) / seconds) : undefined,
      out: ok ? Math.max(0, (w.recordsOut - p.recordsOut) / seconds) : undefined,
      dropped: w.dropped,
    });
  }
  return out;
}
