// session.js: the signed-in user's access token, and its renewal. The access token is kept in
// memory and in sessionStorage (so a reload of this tab stays signed in, while closing the tab
// forgets it); never in localStorage or a URL. The session's refresh token is not kept here at
// all: the server keeps it in an HttpOnly cookie that script cannot read (sent only to
// /api/v1/tokens). Before the access token expires it is renewed through that cookie, without
// touching the page, so nothing the person is typing is lost; the app is told when the session
// really ends (the cookie refused, or the token expired with no way to renew it).

const STORAGE_KEY = 'pricewatch.session';
// Only a hint that this browser may hold a refresh cookie, so that a visitor without one never
// asks (and gets a 401): the cookie itself is out of reach.
const REFRESHABLE_KEY = 'pricewatch.refreshable';
const RETRY_MS = 15_000; // a renewal that could not reach the server is tried again after this

let current = null; // { token, email, expiresAt (local ms), renewAt (local ms) }
let timer = 0;
let onExpired = () => {};
let renewing = null; // the renewal under way, shared by everyone who asks meanwhile

// The JWT's payload: base64url JSON. Only read here, never trusted: the API checks the signature.
export function decodePayload(token) {
  const part = String(token).split('.')[1];
  if (!part) throw new Error('not a JWT');
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

function flag(on) {
  try {
    if (on) localStorage.setItem(REFRESHABLE_KEY, '1');
    else localStorage.removeItem(REFRESHABLE_KEY);
  } catch {
    // Storage disabled: renewal still works while the tab lives, only a reload cannot tell.
  }
}

function refreshable() {
  try {
    return localStorage.getItem(REFRESHABLE_KEY) === '1';
  } catch {
    return false;
  }
}

// Renew a minute before expiry, or a fifth of the lifetime for short-lived tokens.
function renewalTime(expiresAt) {
  return expiresAt - Math.min(60_000, Math.max(0, expiresAt - Date.now()) / 5);
}

function arm() {
  clearTimeout(timer);
  if (!current) return;
  const next = refreshable() ? Math.min(current.renewAt, current.expiresAt) : current.expiresAt;
  // setTimeout cannot wait longer than about 24.8 days; re-arm in steps for long-lived tokens.
  const wait = Math.min(next - Date.now(), 2 ** 31 - 1);
  timer = setTimeout(tick, Math.max(wait, 0));
}

async function tick() {
  if (!current) return;
  if (refreshable() && Date.now() >= current.renewAt) {
    const outcome = await renew();
    if (outcome === 'renewed' || !current) return;
    if (outcome === 'unreachable' && Date.now() < current.expiresAt) {
      current.renewAt = Date.now() + RETRY_MS;
      arm();
      return;
    }
  }
  if (current && Date.now() >= current.expiresAt) expire();
  else arm();
}

function store() {
  try {
    if (current) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(current));
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage can be disabled (private modes, policies): the session then lives in memory only.
  }
}

// A token answer (POST /api/v1/tokens, /api/v1/tokens/refresh, a password change). expires_in is
// measured on this machine's clock, so a skewed clock cannot keep a dead token alive; exp bounds
// it too.
export function start(tokenResponse) {
  const claims = decodePayload(tokenResponse.access_token);
  const byExp = typeof claims.exp === 'number' ? claims.exp * 1000 : Infinity;
  const byLifetime = Number.isFinite(tokenResponse.expires_in)
    ? Date.now() + tokenResponse.expires_in * 1000 : Infinity;
  const expiresAt = Math.min(byExp, byLifetime);
  if (!Number.isFinite(expiresAt)) throw new Error('the token has no expiry');
  current = { token: tokenResponse.access_token, email: String(claims.email || ''), expiresAt,
    renewAt: renewalTime(expiresAt) };
  if (Number.isFinite(tokenResponse.refresh_expires_in)) flag(true);
  store();
  arm();
  return current;
}

async function askForRenewal() {
  let response;
  try {
    // {} as JSON: the server takes the cookie only with a body declared as JSON (CSRF).
    response = await fetch('/api/v1/tokens/refresh', {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: '{}',
      cache: 'no-store',
      credentials: 'same-origin',
    });
  } catch {
    return 'unreachable';
  }
  if (response.status === 401 || response.status === 400) {
    flag(false);
    return 'refused';
  }
  const payload = response.ok ? await response.json().catch(() => null) : null;
  if (!payload || typeof payload.access_token !== 'string') return 'unreachable';
  try {
    start(payload);
  } catch {
    return 'refused';
  }
  return 'renewed';
}

// A new access token through the refresh cookie: 'renewed', 'refused' (the session is over) or
// 'unreachable' (try again later). One renewal at a time in this tab, and across this browser's
// tabs when it can tell them to wait (Web Locks): two tabs presenting the same cookie at once
// would look like a stolen token, and end the session for both.
export function renew() {
  if (!renewing) {
    const run = () => askForRenewal();
    renewing = (navigator.locks ? navigator.locks.request('pricewatch-refresh', run) : run())
      .finally(() => { renewing = null; });
  }
  return renewing;
}

// The session this tab had before a reload: 'active' (resumed, renewed if it had expired and the
// browser still holds its refresh cookie), 'expired' (it was there but its time is up: the person
// is told so) or 'none'.
export async function restore() {
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
    current = { ...saved, renewAt: renewalTime(saved.expiresAt) };
    arm();
    return 'active';
  }
  if (refreshable() && (await renew()) === 'renewed') return 'active';
  end();
  return saved ? 'expired' : 'none';
}

export const token = () => (current ? current.token : null);
export const email = () => (current ? current.email : '');

// Expiry and the end of the account end here; only expiry notifies the app.
export function end() {
  clearTimeout(timer);
  current = null;
  store();
}

// Logging out: the session ends on the server too (its refresh cookie revoked and removed).
export async function logOut() {
  end();
  flag(false);
  try {
    await fetch('/api/v1/tokens/revoke', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
      cache: 'no-store',
      credentials: 'same-origin',
    });
  } catch {
    // Unreachable: the cookie stays until it expires, but this tab holds no token any more.
  }
}

export function expire() {
  if (!current) return; // already ended: one notice is enough
  end();
  onExpired();
}

export function onExpiry(callback) {
  onExpired = callback;
}
