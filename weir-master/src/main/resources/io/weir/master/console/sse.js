// Server-Sent Events read with fetch(), so the request can carry an Authorization header (EventSource cannot).

const MAX_EVENT_CHARS = 4 * 1024 * 1024;

/** Reads an SSE body, calling onData with each event's data (its data: lines joined by newlines). */
export async function readEvents(body, onData) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let data = [];
  let size = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl).replace(/\r$/, '');
      buffer = buffer.slice(nl + 1);
      if (line === '') {
        if (data.length) onData(data.join('\n'));
        data = [];
        size = 0;
      } else if (line.startsWith('data:')) {
        const d = line.slice(5).replace(/^ /, '');
        size += d.length;
        if (size > MAX_EVENT_CHARS) throw new Error('an event larger than ' + MAX_EVENT_CHARS + ' characters');
        data.push(d);
      }
    }
    if (buffer.length > MAX_EVENT_CHARS) throw new Error('a line longer than ' + MAX_EVENT_CHARS + ' characters');
  }
}
