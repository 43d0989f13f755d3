// prices.js: the live price of each watched symbol, one card each with its last price (the
// API's text, exactly) and a chart. Prices come from GET /api/v1/prices/{symbol}/stream.
// A browser keeps at most 6 HTTP/1.1 connections to one server and every stream holds one, so
// only the first few symbols stream; the others are polled, leaving room for the API calls.
// Symbols whose last alert just fired stay on screen ("kept") but do not count for the feed's
// health: the server stops following a symbol that has no alert left.

import { lastPrice } from './api.js';
import { learnFromPrice, serverNow } from './clock.js';
import { drawChart, trim } from './chart.js';

const MAX_STREAMS = 3; // plus the alert events stream: four held, two left for requests
const POLL_MS = 2000;
const REOPEN_MS = 5000; // after the server refused a stream outright (EventSource gave up)
const PROBE_MS = 1500; // how long a probe waits for a first price

function card(symbol) {
  const item = document.createElement('li');
  item.className = 'price-card';
  const title = document.createElement('h3');
  title.textContent = symbol;
  const value = document.createElement('p');
  value.className = 'price-value';
  const price = document.createElement('span');
  price.dataset.testid = `price-${symbol}`;
  price.textContent = '—';
  value.append(price);
  const when = document.createElement('p');
  when.className = 'hint';
  const time = document.createElement('time');
  when.append('Waiting for the first trade', time);
  const canvas = document.createElement('canvas');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', `${symbol} price chart`);
  canvas.textContent = `Chart of ${symbol} over the last 5 minutes.`;
  const note = document.createElement('p');
  note.className = 'hint';
  note.textContent = 'No active alert: this price may stop updating.';
  item.append(title, value, when, canvas, note);
  return { item, price, when, time, canvas, note };
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
  // list: the <ul> of cards; empty: the note shown without symbols; onChange: health may differ.
  constructor(list, empty, onChange) {
    this.list = list;
    this.empty = empty;
    this.onChange = onChange;
    this.entries = new Map();
    this.redrawTimer = setInterval(() => this.redraw(), 1000); // the window slides with time
    new ResizeObserver(() => this.redraw()).observe(list);
  }

  // The symbols to watch now (active) and those to keep showing; cards of the others go away.
  setSymbols(active, kept = []) {
    const activeSet = new Set(active);
    const wanted = new Set([...active, ...kept]);
    for (const symbol of [...this.entries.keys()]) {
      if (!wanted.has(symbol)) this.remove(symbol);
    }
    for (const symbol of [...wanted].sort()) {
      if (!this.entries.has(symbol)) this.add(symbol);
      const entry = this.entries.get(symbol);
      if (activeSet.has(symbol) && !entry.active) entry.since = Date.now(); // watched from now
      entry.active = activeSet.has(symbol);
      entry.note.hidden = entry.active;
    }
    this.rebalance();
    this.empty.hidden = this.entries.size > 0;
    this.onChange();
  }

  add(symbol) {
    const entry = { symbol, ...card(symbol), points: [], tradeMs: null, since: Date.now(),
      active: false, source: null, poller: 0, failed: false, learnt: false };
    const next = [...this.entries.keys()].sort().find((other) => other > symbol);
    this.list.insertBefore(entry.item, next ? this.entries.get(next).item : null);
    this.entries.set(symbol, entry);
    drawChart(entry.canvas, entry.points, serverNow());
  }

  remove(symbol) {
    const entry = this.entries.get(symbol);
    this.detach(entry);
    entry.item.remove();
    this.entries.delete(symbol);
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
      Number(b.active) - Number(a.active) || (a.symbol < b.symbol ? -1 : 1));
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
    const source = new EventSource(`/api/v1/prices/${encodeURIComponent(entry.symbol)}/stream`);
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
        const answer = await lastPrice(entry.symbol);
        learnFromPrice(answer.trade_time, answer.age_ms);
        entry.failed = false;
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
    const source = new EventSource(`/api/v1/prices/${encodeURIComponent(entry.symbol)}/stream`);
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
      lastPrice(entry.symbol).then((answer) => {
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
      entry.price.textContent = price;
      entry.time.dateTime = new Date(t).toISOString();
      entry.time.textContent = new Date(t).toLocaleTimeString();
      entry.when.firstChild.textContent = 'Last trade at ';
    }
    trim(entry.points, serverNow());
    drawChart(entry.canvas, entry.points, serverNow());
    this.onChange();
  }

  redraw() {
    const now = serverNow();
    for (const entry of this.entries.values()) {
      trim(entry.points, now);
      drawChart(entry.canvas, entry.points, now);
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
    this.setSymbols([]);
  }
}
