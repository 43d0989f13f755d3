// pricewatch's HTTP API (docs/api.md), used to arrange data faster than the browser would:
// users, tokens, alerts, prices.
async function call(baseUrl, method, route, { token, body } = {}) {
  const headers = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(`${baseUrl}${route}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null, text };
}

async function expectStatus(promise, status, what) {
  const answer = await promise;
  if (answer.status !== status) throw new Error(`${what}: expected ${status}, got ${answer.status} ${answer.text}`);
  return answer.json;
}

export function signUp(baseUrl, email, password) {
  return expectStatus(call(baseUrl, 'POST', '/api/v1/users', { body: { email, password } }), 201, `sign up ${email}`);
}

export async function logIn(baseUrl, email, password) {
  const answer = await expectStatus(call(baseUrl, 'POST', '/api/v1/tokens', { body: { email, password } }), 200,
    `log in ${email}`);
  return answer.access_token;
}

/** Creates an alert from any of its fields (docs/api.md); returns it ({id, symbol, ...}). */
export function createAlert(baseUrl, token, fields) {
  return expectStatus(call(baseUrl, 'POST', '/api/v1/alerts', { token, body: fields }), 201,
    `create alert ${JSON.stringify(fields)}`);
}

/** PATCH /api/v1/alerts/{id}: any fields, and/or paused. Returns the alert. */
export function updateAlert(baseUrl, token, id, fields) {
  return expectStatus(call(baseUrl, 'PATCH', `/api/v1/alerts/${id}`, { token, body: fields }), 200,
    `update alert ${id} with ${JSON.stringify(fields)}`);
}

/** GET /api/v1/alerts/{id}/firings: the page of its firings, newest first. */
export function alertFirings(baseUrl, token, id) {
  return expectStatus(call(baseUrl, 'GET', `/api/v1/alerts/${id}/firings?page_size=100`, { token }), 200,
    `firings of alert ${id}`);
}

export function getAlert(baseUrl, token, id) {
  return expectStatus(call(baseUrl, 'GET', `/api/v1/alerts/${id}`, { token }), 200, `get alert ${id}`);
}

export function listAlerts(baseUrl, token, query = '') {
  return expectStatus(call(baseUrl, 'GET', `/api/v1/alerts${query}`, { token }), 200, `list alerts ${query}`);
}

export function deleteAlert(baseUrl, token, id) {
  return expectStatus(call(baseUrl, 'DELETE', `/api/v1/alerts/${id}`, { token }), 204, `delete alert ${id}`);
}

/** GET /api/v1/prices/{symbol}: {symbol, price, trade_time, age_ms, live, source, change_24h_percent}, or null. */
export async function lastPrice(baseUrl, symbol) {
  const answer = await call(baseUrl, 'GET', `/api/v1/prices/${symbol}`);
  return answer.status === 200 ? answer.json : null;
}

/** The raw answer of an authenticated GET, for checking how a token is received. */
export const rawGet = (baseUrl, route, token) => call(baseUrl, 'GET', route, { token });
