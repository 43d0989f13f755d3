// firings.js: one alert's firing history (GET /api/v1/alerts/{id}/firings), newest first: when it
// fired, at what price, and what became of each email. Shown under the alert's row in the table;
// pages of 10, with "Show older" for the next.

import { alertFirings } from './api.js';
import { deliveryWords, groupDigits, SAVED_HINT, timeElement } from './format.js';

const PAGE_SIZE = 10;

function deliveryText(delivery) {
  const kind = delivery.type === 'email' ? 'email' : delivery.type;
  return deliveryWords(kind, delivery.status);
}

function firingItem(firing) {
  const item = document.createElement('li');
  item.dataset.testid = `firing-${firing.id}`;
  const price = document.createElement('strong');
  price.textContent = groupDigits(firing.price);
  item.append(timeElement(firing.fired_at), ' at ', price);
  for (const delivery of firing.deliveries || []) {
    const note = document.createElement('span');
    note.className = `mail mail-${delivery.status}`;
    note.textContent = deliveryText(delivery);
    if (delivery.status === 'saved') note.title = SAVED_HINT;
    if (delivery.last_error) note.title = `${delivery.attempts} attempts; last error: ${delivery.last_error}`;
    item.append(' ', note);
  }
  return item;
}

export class FiringHistory {
  constructor(alert) {
    this.id = alert.id;
    this.element = document.createElement('div');
    this.element.className = 'history';
    this.element.dataset.testid = `history-${alert.id}`;
    const heading = document.createElement('h3');
    heading.className = 'history-title';
    heading.textContent = `Firings of alert #${alert.id}`;
    this.list = document.createElement('ol');
    this.list.className = 'firings';
    this.list.reversed = true; // newest first, numbered from the first firing
    this.status = document.createElement('p');
    this.status.className = 'hint';
    this.status.setAttribute('role', 'status');
    this.more = document.createElement('button');
    this.more.type = 'button';
    this.more.className = 'secondary small';
    this.more.textContent = 'Show older';
    this.more.hidden = true;
    this.more.addEventListener('click', () => this.load(this.page + 1));
    this.element.append(heading, this.list, this.status, this.more);
    this.loads = 0;
  }

  // Page 1 again (after the alert fired), or the next page appended.
  async load(page = 1) {
    const number = ++this.loads;
    this.status.textContent = 'Loading…';
    try {
      const answer = await alertFirings(this.id, { page, pageSize: PAGE_SIZE });
      if (number !== this.loads) return;
      this.page = page;
      const items = answer.results.map(firingItem);
      this.list.start = answer.count;
      if (page === 1) this.list.replaceChildren(...items);
      else this.list.append(...items);
      this.status.textContent = answer.count === 0 ? 'No firings yet.'
        : `${answer.count} firing${answer.count === 1 ? '' : 's'}, newest first.`;
      this.more.hidden = !answer.next;
    } catch (error) {
      if (number !== this.loads || error.status === 401) return;
      this.status.textContent = error.message;
    }
  }
}
