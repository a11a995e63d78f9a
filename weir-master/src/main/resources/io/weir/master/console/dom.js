// Small DOM helpers: element building, formatting, the confirmation dialog and the status line.

/** An element with attributes (on* keys become listeners) and children (strings become text). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c !== undefined && c !== null && c !== false) el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

export function time(ms) {
  return ms ? new Date(ms).toLocaleString() : '';
}

/** A CSS class for a job's or worker's state: ok, busy, bad or done. */
export function stateClass(state) {
  switch (state) {
    case 'Started': case 'HEALTHY': case 'available': case 'running': return 'ok';
    case 'Failed': case 'UNHEALTHY': case 'lost': case 'disabled': return 'bad';
    case 'Completed': case 'Killed': return 'done';
    default: return 'busy';
  }
}

export function badge(state) {
  return h('span', { class: 'badge ' + stateClass(state) }, state);
}

/** A table of rows with these column headers. */
export function table(headers, rows, caption) {
  return h('div', { class: 'scroll' }, h('table', {},
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, headers.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows)));
}

export function toast(message, bad = false) {
  const el = document.getElementById('toast');
  el.textContent = message;
  el.className = 'toast' + (bad ? ' bad' : '');
  el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { el.hidden = true; }, 6000);
}

/**
 * Asks before a change: a modal dialog with a title, a sentence and optional fields; on Confirm calls
 * action(values) and closes when it resolves, or shows the API's sentence when it rejects.
 */
export function confirmAction({ title, text, fields = [], ok = 'Confirm', action }) {
  const dialog = document.getElementById('confirm');
  const form = dialog.querySelector('form');
  document.getElementById('confirm-title').textContent = title;
  document.getElementById('confirm-text').textContent = text;
  const error = document.getElementById('confirm-error');
  error.textContent = '';
  const box = document.getElementById('confirm-fields');
  box.replaceChildren(...fields.map((f) => h('label', {}, f.label,
    h('input', { name: f.name, type: f.type || 'text', value: f.value ?? '', min: f.min, max: f.max, required: f.required }))));
  const okButton = document.getElementById('confirm-ok');
  okButton.textContent = ok;
  okButton.disabled = false;
  const cancel = document.getElementById('confirm-cancel');
  cancel.onclick = () => dialog.close();
  form.onsubmit = async (e) => {
    e.preventDefault();
    const values = Object.fromEntries(new FormData(form).entries());
    okButton.disabled = true;
    try {
      await action(values);
      dialog.close();
    } catch (err) {
      error.textContent = err.message;
      okButton.disabled = false;
    }
  };
  dialog.showModal();
  (box.querySelector('input') || okButton).focus();
}
