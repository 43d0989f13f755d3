// sse.js: a Server-Sent Events parser for streams read with fetch() (EventSource cannot send
// the Authorization header). Follows the HTML spec's event-stream rules: lines end with CRLF,
// LF or CR; "field: value" lines; ':' starts a comment (keep-alives); a blank line dispatches.

export class SseParser {
  // onEvent({type, data, id}) per dispatched event; onRetry(ms) when the server sets "retry:".
  constructor(onEvent, onRetry = () => {}) {
    this.onEvent = onEvent;
    this.onRetry = onRetry;
    this.buffer = '';
    this.lastId = '';
    this.started = false;
    this.resetEvent();
  }

  resetEvent() {
    this.type = '';
    this.data = [];
  }

  // Feed decoded text as it arrives; a line cut between chunks waits for its end.
  push(text) {
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a leading BOM is not content
    }
    this.buffer += text;
    // A CR at the very end may be the first half of a CRLF: leave it for the next chunk.
    const lineEnd = /\r\n|\n|\r(?=[^\n])/g;
    let start = 0;
    let match;
    while ((match = lineEnd.exec(this.buffer)) !== null) {
      this.line(this.buffer.slice(start, match.index));
      start = match.index + match[0].length;
    }
    this.buffer = this.buffer.slice(start);
  }

  line(text) {
    if (text === '') return this.dispatch();
    if (text.startsWith(':')) return undefined; // comment: ": keep-alive", ": connected"
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.type = value;
    else if (field === 'data') this.data.push(value);
    else if (field === 'id' && !value.includes('\0')) this.lastId = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.onRetry(Number(value));
    return undefined; // unknown fields are ignored, as the spec says
  }

  dispatch() {
    if (this.data.length > 0) {
      this.onEvent({ type: this.type || 'message', data: this.data.join('\n'), id: this.lastId });
    }
    this.resetEvent();
  }
}
