// prices.js: the live price of each watched symbol on its exchange, one card each with its
// exchange, its last price (the API's exact text, with thousands separators), its 24-hour change,
// and a chart with the user's alert levels on it; clicking the chart picks that price for the
// form. Prices come from GET /api/v1/prices/{exchange}/{symbol}/stream, the change from
// GET /api/v1/prices/{exchange}/{symbol}. The same symbol on two exchanges is two cards.
// A browser keeps at most 6 HTTP/1.1 connections to one server and every stream holds one, so
// only the first few symbols stream; the others are polled, leaving room for the API calls.
// Symbols whose last alert just fired stay on screen ("kept") but do not count for the feed's
// health: the server stops following a symbol that has no alert left.

import { lastPrice } from './api.js';
import { learnFromPrice, serverNow } from './clock.js';
import { drawChart, priceAt, trim } from './chart.js';
import { changeDirection, formatChange, groupDigits } from './format.js';
import { exchangeLabel, marketKey, marketWords, pricePath } from './exchanges.js';

const MAX_STREAMS = 3; // plus the alert events stream: four held, two left for requests
const POLL_MS = 2000;
const REOPEN_MS = 5000; // after the server refused a stream outright (EventSource gave up)
const PROBE_MS = 1500; // how long a probe waits for a first price
const CHANGE_MS = 30000; // the 24-hour change moves slowly; the server keeps it a minute

// A price picked at a height of the chart, rounded to what one pixel of it is worth.
function pickedPrice(canvas, y) {
  const value = priceAt(canvas, y);
  if (value === null) return null;
  const perPixel = (Number(canvas.dataset.high) - Number(canvas.dataset.low))
    / (Number(canvas.dataset.bottom) - Number(canvas.dataset.top));
  const decimals = Math.min(8, Math.max(0, -Math.floor(Math.log10(perPixel))));
  return value.toFixed(decimals).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

function card(exchange, symbol) {
  const key = marketKey(exchange, symbol);
  const market = marketWords(exchange, symbol);
  const item = document.createElement('li');
  item.className = 'price-card';
  const title = document.createElement('h3');
  const where = document.createElement('span');
  where.className = 'exchange';
  where.dataset.testid = `price-exchange-${key}`;
  where.textContent = exchangeLabel(exchange);
  title.append(symbol, ' ', where);
  const value = document.createElement('p');
  value.className = 'price-value';
  const price = document.createElement('span');
  price.dataset.testid = `price-${key}`;
  price.textContent = '—';
  const change = document.createElement('span');
  change.className = 'change';
  change.dataset.testid = `change-${key}`;
  change.hidden = true;
  value.append(price, ' ', change);
  const when = document.createElement('p');
  when.className = 'hint';
  const time = document.createElement('time');
  when.append('Waiting for the first trade', time);
  const canvas = document.createElement('canvas');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', `${market} price chart`);
  canvas.title = 'Click a price on the chart to set an alert there';
  canvas.textContent = `Chart of ${market} over the last 5 minutes, with your alert levels.`;
  const levels = document.createElement('ul');
  levels.className = 'levels';
  levels.setAttribute('aria-label', `Your alert levels on ${market}`);
  levels.dataset.testid = `levels-${key}`;
  const note = document.createElement('p');
  note.className = 'hint';
  note.textContent = 'No active alert: this price may stop updating.';
  item.append(title, value, when, canvas, levels, note);
  return { item, price, change, when, time, canvas, levels, note };
}

// The data of a "price" event, or {} when it is not JSON (received() then ignores it).
function parseEvent(event) {
  try {
    return JSON.parse(event.data) || {};
  } catch {
    return {};
  }
}

export class PriceBoard {
  // list: the <ul> of cards; empty: the note shown without symbols; onChange: health may differ;
  // onPick(exchange, symbol, price text, { above }): a price was clicked on a chart.
  constructor(list, empty, onChange, onPick = () => {}) {
    this.list = list;
    this.empty = empty;
    this.onChange = onChange;
    this.onPick = onPick;
    this.entries = new Map(); // marketKey(exchange, symbol) -> the card and its prices
    this.levels = new Map(); // marketKey(exchange, symbol) -> [{ price, text, condition, paused }]
    this.redrawTimer = setInterval(() => this.redraw(), 1000); // the window slides with time
    new ResizeObserver(() => this.redraw()).observe(list);
  }

  // The markets ({ exchange, symbol }) to watch now (active) and those to keep showing; cards of
  // the others go away.
  setMarkets(active, kept = []) {
    const keyed = (markets) => new Map(markets.map((market) => [marketKey(market.exchange, market.symbol), market]));
    const activeMarkets = keyed(active);
    const wanted = new Map([...keyed(kept), ...activeMarkets]);
    for (const key of [...this.entries.keys()]) {
      if (!wanted.has(key)) this.remove(key);
    }
    for (const key of [...wanted.keys()].sort()) {
      if (!this.entries.has(key)) this.add(wanted.get(key));
      const entry = this.entries.get(key);
      if (activeMarkets.has(key) && !entry.active) entry.since = Date.now(); // watched from now
      entry.active = activeMarkets.has(key);
      entry.note.hidden = entry.active;
    }
    this.rebalance();
    this.empty.hidden = this.entries.size > 0;
    this.onChange();
  }

  add({ exchange, symbol }) {
    const key = marketKey(exchange, symbol);
    const entry = { key, exchange, symbol, path: pricePath(exchange, symbol), ...card(exchange, symbol), points: [],
      tradeMs: null, since: Date.now(), active: false, source: null, poller: 0, failed: false, learnt: false };
    const next = [...this.entries.keys()].sort().find((other) => other > key);
    this.list.insertBefore(entry.item, next ? this.entries.get(next).item : null);
    this.entries.set(key, entry);
    entry.canvas.addEventListener('click', (event) => this.picked(entry, event));
    this.showLevels(entry);
    this.draw(entry);
    this.followChange(entry);
  }

  draw(entry, now = serverNow()) {
    drawChart(entry.canvas, entry.points, now, this.levels.get(entry.key) || []);
  }

  // The user's open alerts with a price, by marketKey: drawn as lines and listed under each chart.
  setLevels(levels) {
    this.levels = levels;
    for (const entry of this.entries.values()) {
      this.showLevels(entry);
      this.draw(entry);
    }
  }

  showLevels(entry) {
    const levels = this.levels.get(entry.key) || [];
    entry.levels.replaceChildren(...levels.map((level) => {
      const item = document.createElement('li');
      item.className = level.paused ? 'level level-paused' : 'level';
      item.textContent = `#${level.id} ${level.words}${level.paused ? ' (paused)' : ''}`;
      return item;
    }));
    entry.levels.hidden = levels.length === 0;
  }

  picked(entry, event) {
    const box = entry.canvas.getBoundingClientRect();
    const text = pickedPrice(entry.canvas, event.clientY - box.top);
    if (text === null) return;
    const last = entry.points[entry.points.length - 1];
    this.onPick(entry.exchange, entry.symbol, text, { above: !last || Number(text) >= last.p });
  }

  // The 24-hour change beside the price, asked now and every CHANGE_MS; sooner, after the
  // server's Retry-After, when it answered 429 (several cards and the form's quote asking the
  // exchange at once), so that a card does not wait half a minute for its first change.
  followChange(entry) {
    const ask = async () => {
      let next = CHANGE_MS;
      try {
        const answer = await lastPrice(entry.exchange, entry.symbol);
        learnFromPrice(answer.trade_time, answer.age_ms);
        this.showChange(entry, answer.change_24h_percent);
      } catch (error) {
        // No change known (no such symbol yet, the exchange unreachable): keep what is shown.
        if (error.status === 429) next = Math.max(1, Number(error.retryAfter) || 1) * 1000;
      }
      if (this.entries.get(entry.key) === entry) entry.changeTimer = setTimeout(ask, next);
    };
    ask();
  }

  showChange(entry, change) {
    if (change === null || change === undefined) return;
    entry.change.textContent = `${formatChange(change)} 24 h`;
    entry.change.dataset.direction = changeDirection(change);
    entry.change.hidden = false;
  }

  remove(key) {
    const entry = this.entries.get(key);
    this.detach(entry);
    clearTimeout(entry.changeTimer);
    entry.item.remove();
    this.entries.delete(key);
  }

  detach(entry) {
    if (entry.source) entry.source.close();
    if (entry.probe) entry.probe();
    clearTimeout(entry.reopen);
    clearInterval(entry.poller);
    entry.source = null;
    entry.poller = 0;
    entry.failed = false;
  }

  // The first MAX_STREAMS symbols stream, active ones first; the rest poll.
  rebalance() {
    const order = [...this.entries.values()].sort((a, b) =>
      Number(b.active) - Number(a.active) || (a.key < b.key ? -1 : 1));
    order.forEach((entry, index) => {
      const stream = index < MAX_STREAMS;
      if (stream && !entry.source) {
        this.detach(entry);
        this.openStream(entry);
      } else if (!stream && !entry.poller) {
        this.detach(entry);
        this.startPolling(entry);
      }
    });
  }

  openStream(entry) {
    const source = new EventSource(`${entry.path}/stream`);
    entry.source = source;
    source.addEventListener('open', () => {
      entry.failed = false;
      this.onChange();
    });
    source.addEventListener('price', (event) => this.received(entry, parseEvent(event)));
    source.addEventListener('error', () => {
      entry.failed = true; // EventSource retries by itself unless the server refused the stream
      if (source.readyState === EventSource.CLOSED && entry.source === source) {
        entry.reopen = setTimeout(() => {
          if (entry.source !== source) return;
          entry.source = null;
          this.openStream(entry);
        }, REOPEN_MS);
      }
      this.onChange();
    });
  }

  startPolling(entry) {
    const poll = async () => {
      // Before its first trade GET answers 404 (an error in the console): ask the stream instead.
      if (entry.tradeMs === null) return this.probe(entry);
      try {
        const answer = await lastPrice(entry.exchange, entry.symbol);
        learnFromPrice(answer.trade_time, answer.age_ms);
        entry.failed = false;
        this.showChange(entry, answer.change_24h_percent);
        this.received(entry, answer);
      } catch (error) {
        entry.failed = error.status !== 404; // 404: no trade of this symbol yet, not a failure
        this.onChange();
      }
    };
    poll();
    entry.poller = setInterval(poll, POLL_MS);
  }

  // Opens the symbol's stream just long enough for the price it starts with, if there is one.
  // One probe at a time, so that probes never take the connections the API calls need.
  probe(entry) {
    if (this.probing) return;
    const source = new EventSource(`${entry.path}/stream`);
    const done = () => {
      clearTimeout(timer);
      source.close();
      entry.probe = null;
      this.probing = false;
    };
    const timer = setTimeout(done, PROBE_MS);
    this.probing = true;
    entry.probe = done;
    source.addEventListener('price', (event) => {
      done();
      this.received(entry, parseEvent(event));
    });
    source.addEventListener('error', done);
  }

  received(entry, { price, trade_time: tradeTime }) {
    const t = Date.parse(tradeTime);
    if (typeof price !== 'string' || !Number.isFinite(t)) return;
    if (entry.source && !entry.learnt) {
      // Once per stream: learn the server's clock, so ages do not depend on this machine's.
      entry.learnt = true;
      lastPrice(entry.exchange, entry.symbol).then((answer) => {
        learnFromPrice(answer.trade_time, answer.age_ms);
        this.onChange();
      }, () => { entry.learnt = false; });
    }
    const previous = entry.points[entry.points.length - 1];
    if (previous && previous.t === t && previous.text === price) return; // replayed on reconnect
    const point = { t, p: Number(price), text: price };
    let at = entry.points.length;
    while (at > 0 && entry.points[at - 1].t > t) at -= 1; // trades can arrive out of order
    entry.points.splice(at, 0, point);
    if (entry.tradeMs === null || t >= entry.tradeMs) {
      if (previous) entry.item.dataset.trend = point.p >= previous.p ? 'up' : 'down';
      entry.tradeMs = t;
      entry.price.textContent = groupDigits(price);
      entry.price.dataset.value = price;
      entry.time.dateTime = new Date(t).toISOString();
      entry.time.textContent = new Date(t).toLocaleTimeString();
      entry.when.firstChild.textContent = 'Last trade at ';
    }
    trim(entry.points, serverNow());
    this.draw(entry);
    this.onChange();
  }

  redraw() {
    const now = serverNow();
    for (const entry of this.entries.values()) {
      trim(entry.points, now);
      this.draw(entry, now);
    }
  }

  // What the feed indicator needs: how many symbols, whether a stream is down, the newest trade.
  health() {
    let newest = null;
    let since = Infinity;
    let failing = false;
    for (const entry of this.entries.values()) {
      if (!entry.active) continue;
      if (entry.tradeMs !== null) newest = Math.max(newest ?? entry.tradeMs, entry.tradeMs);
      since = Math.min(since, entry.since);
      failing = failing || entry.failed;
    }
    return { symbols: [...this.entries.values()].filter((entry) => entry.active).length, failing, newestTradeMs: newest, watchingSince: since };
  }

  stop() {
    this.setMarkets([]);
  }
}
