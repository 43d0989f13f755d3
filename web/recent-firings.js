// recent-firings.js: the "Recent firings" panel, and the catch-up that makes sure nothing fired
// is missed. Firings shown live (from the alert events) are remembered by alert and time; when
// the tab wakes (visible again, resumed, back online) or the events stream comes back, the app
// asks GET /api/v1/firings for those since the newest it knows and reports the ones it never
// showed, oldest first. The firings before the page was opened are listed, never announced.

import { listFirings } from './api.js';
import { groupDigits, timeElement } from './format.js';
import { exchangeOf, marketWords } from './exchanges.js';

const SHOWN = 20; // lines kept in the panel
const PAGES = 5; // at most 500 firings are caught up at once: the panel keeps 20 anyway

const keyOf = (alertId, firedAt) => `${alertId}@${firedAt}`;

export class RecentFirings {
  // ui: { list, empty }. onMissed(firing): a firing that happened while the page was not told.
  constructor(ui, onMissed) {
    this.ui = ui;
    this.onMissed = onMissed;
    this.reset();
  }

  reset() {
    this.generation = (this.generation || 0) + 1;
    this.known = new Set(); // keys of the firings listed or announced
    this.newest = null; // fired_at of the newest firing known (the server's clock)
    this.ready = false; // the listing at sign-in is done
    this.catching = null;
    this.ui.list.replaceChildren();
    this.ui.empty.hidden = false;
  }

  // At sign-in: the last firings, listed without announcing them.
  async load() {
    const mine = this.generation;
    try {
      const page = await listFirings({ pageSize: SHOWN });
      if (mine !== this.generation) return;
      for (const firing of [...page.results].reverse()) this.add(firing);
      this.ready = true;
    } catch {
      // The panel stays empty until the next catch-up.
    }
  }

  // A firing the page saw live (the alert as the event gave it); false when it was known already.
  seen(alert, price, firedAt) {
    if (!firedAt) return true;
    return this.add({ alert_id: alert.id, exchange: exchangeOf(alert), symbol: alert.symbol, price, fired_at: firedAt });
  }

  // The firings since the newest known that the page did not show. One at a time.
  catchUp() {
    if (!this.catching) {
      this.catching = this.fetchMissed().finally(() => { this.catching = null; });
    }
    return this.catching;
  }

  async fetchMissed() {
    const mine = this.generation;
    if (!this.ready) {
      await this.load(); // the first listing failed: what came since is still announced below
      if (!this.ready) return;
    }
    const found = [];
    try {
      for (let page = 1; page <= PAGES; page += 1) {
        const answer = await listFirings({ since: this.newest, page });
        found.push(...answer.results);
        if (!answer.next) break;
      }
    } catch {
      return; // the next wake or reconnect tries again from the same point
    }
    if (mine !== this.generation) return;
    for (const firing of found.reverse()) {
      if (this.known.has(keyOf(firing.alert_id, firing.fired_at))) continue;
      this.add(firing);
      this.onMissed(firing);
    }
  }

  add(firing) {
    const key = keyOf(firing.alert_id, firing.fired_at);
    if (this.known.has(key)) return false;
    this.known.add(key);
    if (!this.newest || Date.parse(firing.fired_at) > Date.parse(this.newest)) this.newest = firing.fired_at;
    const item = document.createElement('li');
    item.dataset.testid = `recent-firing-${firing.alert_id}`;
    const what = document.createElement('strong');
    what.textContent = `Alert #${firing.alert_id}`;
    item.append(timeElement(firing.fired_at), ' ', what,
      ` ${marketWords(exchangeOf(firing), firing.symbol)} at ${groupDigits(firing.price)}`);
    this.ui.list.prepend(item);
    while (this.ui.list.children.length > SHOWN) this.ui.list.lastElementChild.remove();
    this.ui.empty.hidden = true;
    return true;
  }
}
