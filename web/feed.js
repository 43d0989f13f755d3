// feed.js: the feed health indicator, one of "live", "reconnecting" or "stale".
// reconnecting: a stream from this server dropped, or /readyz says the exchange feed is down;
// stale: symbols are watched but the newest price is older than 30 s; live: otherwise.
// /readyz is asked only once prices have been missing for 30 s (it tells "stale" from
// "reconnecting"): fresh prices prove the feed works, and a 503 shows in the browser's console.

import { readiness } from './api.js';
import { serverNow } from './clock.js';

const STALE_MS = 30000;
const CHECK_MS = 10000;
const FEED_DOWN = new Set(['down', 'loading', 'unreachable']);

export class FeedStatus {
  // badge: the element whose text is the status; detail: a note beside it; board: a PriceBoard.
  constructor(badge, detail, board) {
    this.badge = badge;
    this.detail = detail;
    this.board = board;
    this.events = 'connecting'; // the alert events stream: connecting, open or lost
    this.serverFeed = null; // the feed status /readyz gave while prices were not fresh
    this.lastCheck = 0;
    setInterval(() => this.update(), 1000); // ages grow without any event
  }

  setEvents(state) {
    this.events = state;
    this.update();
  }

  reset() {
    this.events = 'connecting';
    this.serverFeed = null;
    this.update();
  }

  update() {
    const health = this.board.health();
    const age = health.newestTradeMs === null ? null : Math.max(0, serverNow() - health.newestTradeMs);
    const fresh = age !== null && age <= STALE_MS;
    const missing = health.symbols > 0 && !fresh
      && (age !== null || Date.now() - health.watchingSince > STALE_MS);
    if (!missing) this.serverFeed = null; // whatever /readyz said is old news
    else if (Date.now() - this.lastCheck >= CHECK_MS) this.check();

    let status = 'live';
    if (this.events === 'lost' || health.failing || FEED_DOWN.has(this.serverFeed)) {
      status = 'reconnecting';
    } else if (missing) {
      status = 'stale';
    }
    if (this.badge.textContent !== status) this.badge.textContent = status;
    this.badge.dataset.state = status;
    this.detail.textContent = age === null ? '' : `(last trade ${Math.round(age / 1000)} s ago)`;
  }

  async check() {
    this.lastCheck = Date.now();
    const body = await readiness();
    const feed = body && body.checks && body.checks.feed;
    this.serverFeed = body ? (feed && feed.status) || null : 'unreachable';
    this.update();
  }
}
