// session.js: the signed-in user's access token. Kept in memory and in sessionStorage (so a
// reload of this tab stays signed in, while closing the tab forgets it); never in localStorage
// or a URL. Expiry is watched with a timer, and the app is told when the session ends.

const STORAGE_KEY = 'pricewatch.session';

let current = null; // { token, email, expiresAt (local ms) }
let expiryTimer = 0;
let onExpired = () => {};

// The JWT's payload: base64url JSON. Only read here, never trusted: the API checks the signature.
export function decodePayload(token) {
  const part = String(token).split('.')[1];
  if (!part) throw new Error('not a JWT');
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

function arm() {
  clearTimeout(expiryTimer);
  // setTimeout cannot wait longer than about 24.8 days; re-arm in steps for long-lived tokens.
  const wait = Math.min(current.expiresAt - Date.now(), 2 ** 31 - 1);
  expiryTimer = setTimeout(() => {
    if (!current) return;
    if (Date.now() >= current.expiresAt) expire();
    else arm();
  }, Math.max(wait, 0));
}

function store() {
  try {
    if (current) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(current));
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage can be disabled (private modes, policies): the session then lives in memory only.
  }
}

// The token from POST /api/v1/tokens. expires_in is measured on this machine's clock, so a
// skewed clock cannot keep a dead token alive; exp bounds it too.
export function start(tokenResponse) {
  const claims = decodePayload(tokenResponse.access_token);
  const byExp = typeof claims.exp === 'number' ? claims.exp * 1000 : Infinity;
  const byLifetime = Number.isFinite(tokenResponse.expires_in)
    ? Date.now() + tokenResponse.expires_in * 1000 : Infinity;
  const expiresAt = Math.min(byExp, byLifetime);
  if (!Number.isFinite(expiresAt)) throw new Error('the token has no expiry');
  current = { token: tokenResponse.access_token, email: String(claims.email || ''), expiresAt };
  store();
  arm();
  return current;
}

// The session this tab had before a reload: 'active' (resumed), 'expired' (it was there but
// its time is up: the person is told so) or 'none'.
export function restore() {
  let saved = null;
  try {
    saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || 'null');
    if (!saved || typeof saved.token !== 'string') saved = null;
    const claims = saved ? decodePayload(saved.token) : null; // a damaged value is never sent
    if (saved && typeof claims.exp === 'number') saved.expiresAt = Math.min(saved.expiresAt, claims.exp * 1000);
    if (saved) saved.email = String(claims.email || saved.email || '');
  } catch {
    saved = null; // unreadable: treat as signed out
  }
  if (saved && saved.expiresAt > Date.now() + 1000) {
    current = saved;
    arm();
    return 'active';
  }
  end();
  return saved ? 'expired' : 'none';
}

export const token = () => (current ? current.token : null);
export const email = () => (current ? current.email : '');

// Logging out and expiry both end here; only expiry notifies the app.
export function end() {
  clearTimeout(expiryTimer);
  current = null;
  store();
}

export function expire() {
  if (!current) return; // already ended: one notice is enough
  end();
  onExpired();
}

export function onExpiry(callback) {
  onExpired = callback;
}
