// The fake exchange's control API (tests/fixtures/README.md): set a price, read the state, and
// wait until pricewatch has subscribed to a symbol's trade stream.
import { eventually } from './wait.mjs';

async function control(exchangeUrl, method, route, body) {
  const response = await fetch(`${exchangeUrl}/control/${route}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} /control/${route}: ${response.status} ${text}`);
  return JSON.parse(text);
}

export const exchangeState = (exchangeUrl) => control(exchangeUrl, 'GET', 'state');

/**
 * Records a trade at `price` (a decimal string), now or at `tradeTimeMs` (an earlier trade gives
 * the 24-hour change its start); returns how many connections it reached.
 */
export async function setPrice(exchangeUrl, symbol, price, tradeTimeMs = undefined) {
  const body = tradeTimeMs === undefined ? { symbol, price } : { symbol, price, trade_time_ms: tradeTimeMs };
  const answer = await control(exchangeUrl, 'POST', 'price', body);
  return answer.delivered;
}

/** Waits until some connection is subscribed to `<symbol lower case>@aggTrade`. */
export async function waitForSubscription(exchangeUrl, symbol, { timeout = 10_000 } = {}) {
  const stream = `${symbol.toLowerCase()}@aggTrade`;
  await eventually(async () => (await exchangeState(exchangeUrl)).subscriptions.includes(stream),
    { timeout, interval: 100, message: `the exchange to see a subscription to ${stream}` });
}

/**
 * Waits until pricewatch follows `name` on Coinbase's or Kraken's stream of the fake
 * (`exchange` 'coinbase' or 'kraken', `name` 'BTC-USD' or 'BTC/USD').
 */
export async function waitForFollow(exchangeUrl, exchange, name, { timeout = 10_000 } = {}) {
  await eventually(async () => ((await exchangeState(exchangeUrl))[exchange]?.subscriptions || []).includes(name),
    { timeout, interval: 100, message: `the exchange to see ${exchange}'s stream follow ${name}` });
}

/** Sets a price and insists that pricewatch's connection received it. */
export async function pushPrice(exchangeUrl, symbol, price) {
  const delivered = await setPrice(exchangeUrl, symbol, price);
  if (delivered < 1) throw new Error(`price ${symbol}=${price} reached no connection (is ${symbol} subscribed?)`);
}
