// api.js: the JSON calls to pricewatch's /api/v1, each returning the parsed body or throwing an
// ApiError that carries the API's own message. A 401 on an authenticated call renews the access
// token once through the session's refresh cookie and sends the call again (the token may have
// expired while the machine slept); only when that fails is the session reported as expired.

import { pricePath } from './exchanges.js';

export class ApiError extends Error {
  constructor(status, code, message, retryAfter = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

let currentToken = () => null;
let onUnauthorized = () => {};
let renewToken = async () => false;

// app.js tells the module where the token lives, how to renew it (true when renewed) and what to
// do when the API refuses it for good.
export function configureApi({ token, renew, unauthorized }) {
  currentToken = token;
  renewToken = renew;
  onUnauthorized = unauthorized;
}

async function call(method, path, { body, auth = true, renewed = false } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const token = auth ? currentToken() : null;
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      // The bearer token is the credential; the refresh cookie is sent only to /api/v1/tokens,
      // and set by the login answer.
      credentials: path === '/api/v1/tokens' ? 'same-origin' : 'omit',
    });
  } catch {
    throw new ApiError(0, 'network', 'Cannot reach pricewatch. Check your connection and try again.');
  }
  if (response.status === 204) return null;
  const payload = await response.json().catch(() => null);
  if (response.ok) return payload;
  const error = payload && payload.error;
  const failure = new ApiError(
    response.status,
    (error && error.code) || 'http_error',
    (error && error.message) || `The server answered ${response.status}. Please try again.`,
    response.headers.get('Retry-After'),
  );
  if (response.status === 401 && token) {
    if (!renewed && (await renewToken())) return call(method, path, { body, auth, renewed: true });
    onUnauthorized();
  }
  throw failure;
}

export const register = (email, password) =>
  call('POST', '/api/v1/users', { body: { email, password }, auth: false });

// The refresh token goes to the HttpOnly cookie, never to this script.
export const login = (email, password) =>
  call('POST', '/api/v1/tokens', { body: { email, password, refresh_cookie: true }, auth: false });

// fields: exchange, symbol, condition, price or percent and window, frequency, cooldown_seconds,
// expires_at, note (docs/api.md).
export const createAlert = (fields) => call('POST', '/api/v1/alerts', { body: fields });

// Any of the fields above, and/or paused: true | false.
export const updateAlert = (id, fields) =>
  call('PATCH', `/api/v1/alerts/${encodeURIComponent(id)}`, { body: fields });

export const getAlert = (id) => call('GET', `/api/v1/alerts/${encodeURIComponent(id)}`);

export const deleteAlert = (id) => call('DELETE', `/api/v1/alerts/${encodeURIComponent(id)}`);

// One page of alerts; status 'all' (or empty) means no filter.
export function listAlerts({ status = 'all', page = 1, pageSize = 10 } = {}) {
  const query = new URLSearchParams({ page: String(page), page_size: String(pageSize) });
  if (status && status !== 'all') query.set('status', status);
  return call('GET', `/api/v1/alerts?${query}`);
}

// One page of an alert's firings, newest first.
export function alertFirings(id, { page = 1, pageSize = 10 } = {}) {
  const query = new URLSearchParams({ page: String(page), page_size: String(pageSize) });
  return call('GET', `/api/v1/alerts/${encodeURIComponent(id)}/firings?${query}`);
}

// One page of all the caller's firings, newest first; since: an RFC 3339 time, or none.
export function listFirings({ since = null, page = 1, pageSize = 100 } = {}) {
  const query = new URLSearchParams({ page: String(page), page_size: String(pageSize) });
  if (since) query.set('since', since);
  return call('GET', `/api/v1/firings?${query}`);
}

// A symbol's last price on its exchange (exchanges.js: pricePath).
export const lastPrice = (exchange, symbol) => call('GET', pricePath(exchange, symbol), { auth: false });

// /readyz answers 503 with the same body when something is down: both are an answer here.
export async function readiness() {
  try {
    const response = await fetch('/readyz', { cache: 'no-store', credentials: 'omit' });
    return await response.json();
  } catch {
    return null; // the server itself is unreachable
  }
}

// Channels (DESIGN.md section 10): where alerts are delivered.
export const listChannels = () => call('GET', '/api/v1/channels');
export const createChannel = (fields) => call('POST', '/api/v1/channels', { body: fields });
export const updateChannel = (id, fields) => call('PATCH', `/api/v1/channels/${encodeURIComponent(id)}`, { body: fields });
export const deleteChannel = (id) => call('DELETE', `/api/v1/channels/${encodeURIComponent(id)}`);
export const testChannel = (id) => call('POST', `/api/v1/channels/${encodeURIComponent(id)}/test`);
export const rotateChannelSecret = (id) => call('POST', `/api/v1/channels/${encodeURIComponent(id)}/rotate-secret`);
export const getMe = () => call('GET', '/api/v1/me');
export const updateMe = (fields) => call('PATCH', '/api/v1/me', { body: fields });

// The account (issue 16): password change (the answer is the caller's new token), password reset
// by an emailed link, export, deletion.
export const changePassword = (currentPassword, newPassword) =>
  call('POST', '/api/v1/me/password', { body: { current_password: currentPassword, new_password: newPassword } });
export const requestPasswordReset = (email) =>
  call('POST', '/api/v1/password-resets', { body: { email }, auth: false });
export const resetPassword = (token, password) =>
  call('POST', `/api/v1/password-resets/${encodeURIComponent(token)}`, { body: { password }, auth: false });
export const exportAccount = () => call('GET', '/api/v1/me/export');
export const deleteAccount = (password) => call('DELETE', '/api/v1/me', { body: { password } });
