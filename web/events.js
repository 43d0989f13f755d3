// events.js: follows GET /api/v1/events, the signed-in user's alert changes, over fetch() with
// the token in the Authorization header, reconnecting with backoff when the stream drops.
// A 401 means the token is no longer accepted: renewed if the session allows, else it has expired. The server ends a stream
// with "session_ended" when its token expires or the account is gone: the stream is opened again
// at once with the session's current token (a fresh one, or the same, which then gets the 401).

import { SseParser } from './sse.js';

const SILENCE_LIMIT_MS = 45000; // the server sends a keep-alive comment every 15 s
const MAX_DELAY_MS = 30000;

// Returns { stop() }. currentToken() gives the token to connect with. Callbacks: onAlert({type,
// alert}), onConnected() after each (re)connect (events may have been missed meanwhile),
// onDisconnected(), onUnauthorized().
export function followAlertEvents(currentToken, { onAlert, onConnected, onDisconnected, onUnauthorized }) {
  let stopped = false;
  let aborter = null;
  let wakeUp = () => {};
  let retryMs = 1000; // until the server says otherwise with "retry:"
  let failures = 0;

  const pause = (ms) => new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    wakeUp = () => { clearTimeout(timer); resolve(); };
  });

  // Exponential backoff from the server's retry time, with jitter so that many tabs reconnecting
  // after a restart do not arrive together.
  const nextDelay = () => {
    const base = Math.min(MAX_DELAY_MS, retryMs * 2 ** Math.min(failures, 5));
    return base / 2 + Math.random() * (base / 2);
  };

  async function readOnce() {
    aborter = new AbortController();
    const response = await fetch('/api/v1/events', {
      headers: { Authorization: `Bearer ${currentToken()}`, Accept: 'text/event-stream' },
      cache: 'no-store',
      credentials: 'omit',
      signal: aborter.signal,
    });
    if (response.status === 401) return 'unauthorized';
    if (!response.ok || !response.body) return 'failed';
    failures = 0;
    onConnected();
    let sessionEnded = false;
    const parser = new SseParser((event) => {
      if (event.type === 'session_ended') sessionEnded = true;
      if (event.type !== 'alert') return;
      try {
        onAlert(JSON.parse(event.data));
      } catch (error) {
        console.warn('pricewatch: ignored an unreadable alert event', error);
      }
    }, (ms) => { retryMs = Math.max(ms, 250); });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let watchdog = 0;
    const rearm = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => aborter.abort(), SILENCE_LIMIT_MS); // a silently dead connection
    };
    try {
      rearm();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return sessionEnded ? 'session_ended' : 'ended';
        rearm();
        parser.push(value);
      }
    } finally {
      clearTimeout(watchdog);
    }
  }

  (async () => {
    while (!stopped) {
      let outcome;
      try {
        outcome = await readOnce();
      } catch {
        outcome = 'failed'; // network error, or aborted by the watchdog or stop()
      }
      if (stopped) return;
      if (outcome === 'unauthorized') {
        // onUnauthorized renews the token when it can (true): then the stream opens again with it.
        if (await onUnauthorized()) continue;
        return;
      }
      if (outcome === 'session_ended') continue; // at once: the server said why, nothing is broken
      onDisconnected();
      await pause(nextDelay());
      failures += 1;
    }
  })();

  return {
    stop() {
      stopped = true;
      if (aborter) aborter.abort();
      wakeUp();
    },
  };
}
