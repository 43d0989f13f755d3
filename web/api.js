// api.js: the JSON calls to pricewatch's /api/v1, each returning the parsed body or throwing an
// ApiError that carries the API's own message. A 401 on an authenticated call reports the
// session as expired (the token is dead: nothing else can be done with it).

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

// app.js tells the module where the token lives and what to do when the API refuses it.
export function configureApi({ token, unauthorized }) {
  currentToken = token;
  onUnauthorized = unauthorized;
}

async function call(method, path, { body, auth = true } = {}) {
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
      credentials: 'omit', // the token is the only credential; no cookies are involved
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
  if (response.status === 401 && token) onUnauthorized();
  throw failure;
}

export const register = (email, password) =>
  call('POST', '/api/v1/users', { body: { email, password }, auth: false });

export const login = (email, password) =>
  call('POST', '/api/v1/tokens', { body: { email, password }, auth: false });

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
