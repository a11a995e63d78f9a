// The master's API: every call carries the token of this tab's session.
import { readEvents } from './sse.js';

const KEY = 'weir.token';

export const token = {
  get: () => sessionStorage.getItem(KEY),
  set: (t) => sessionStorage.setItem(KEY, t),
  clear: () => sessionStorage.removeItem(KEY),
};

/** An error the API answered: status and its sentence. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function headers(extra) {
  const h = { Accept: 'application/json', ...extra };
  const t = token.get();
  if (t) h.Authorization = 'Bearer ' + t;
  return h;
}

/** The API's error as an ApiError; a 401 (token unknown, e.g. after the master's tokens changed) also tells the page. */
async function failure(res) {
  let message = res.status + ' ' + res.statusText;
  try {
    const body = await res.json();
    if (body && body.error) message = body.error;
  } catch { /* not JSON: keep the status line */ }
  if (res.status === 401) window.dispatchEvent(new CustomEvent('weir-unauthorized', { detail: message }));
  return new ApiError(res.status, message);
}

/** Calls the API; resolves to the parsed JSON answer (null when empty), rejects with an ApiError. */
export async function api(path, { method = 'GET', body, signal } = {}) {
  const init = { method, signal, headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }) };
  if (body !== undefined) init.body = JSON.stringify(body);
  const res = await fetch(path, init);
  if (!res.ok) throw await failure(res);
  const text = await res.text();
  return text ? JSON.parse(text) : null;
}

/**
 * Follows an SSE stream of the master until signal aborts, calling onEvent with each parsed event; reconnects after
 * 1 s when the stream ends or fails (a discovery stream sends its current value at once on every connection).
 * onError gets ApiErrors (e.g. 404 for a job that ended). onEvent returns true to stop following once this stream ends.
 */
export function follow(path, onEvent, signal, onError = () => {}) {
  (async () => {
    let finished = false;
    while (!signal.aborted && !finished) {
      try {
        const res = await fetch(path, { headers: headers({ Accept: 'text/event-stream' }), signal });
        if (!res.ok) {
          const e = await failure(res);
          onError(e);
          if (e.status === 401 || e.status === 403 || e.status === 404) return;
        } else {
          await readEvents(res.body, (data) => {
            let event;
            try { event = JSON.parse(data); } catch { return; }
            if (event && event.heartbeat !== true && event.jobId !== 'HB_JobId' && onEvent(event) === true) finished = true;
          });
        }
      } catch (e) {
        if (signal.aborted) return;
      }
      if (!finished) await new Promise((r) => setTimeout(r, 1000));
    }
  })();
}
