// symbol-quote.js: the symbol's current price and 24-hour change under the form's Symbol field,
// looked up as the person types (GET /api/v1/prices/{symbol}) so that a target can be chosen
// before any alert exists. It waits for a pause in the typing, shows only the answer for the
// symbol now in the field, looks again every few seconds while it stays, and after a 429 waits
// as long as Retry-After says.

import { lastPrice } from './api.js';
import { changeDirection, formatChange, groupDigits } from './format.js';
import { symbolError } from './validate.js';

const PAUSE_MS = 350; // typing "BTCUSDT" asks once, not seven times
const REFRESH_MS = 15000;
const UNKNOWN_MS = 60000; // the server keeps "not listed" a minute

export class SymbolQuote {
  // input: the Symbol field; output: the element that shows the quote; onChange(quote | null).
  constructor(input, output, onChange = () => {}) {
    Object.assign(this, { input, output, onChange });
    this.quote = null; // { symbol, price, change } of the symbol in the field, once known
    this.asked = 0; // numbers the lookups: a late answer about an older symbol is dropped
    input.addEventListener('input', () => this.schedule(PAUSE_MS));
  }

  schedule(delay) {
    clearTimeout(this.timer);
    const symbol = this.input.value.trim();
    if (this.quote && this.quote.symbol !== symbol) this.set(null);
    if (symbolError(symbol)) {
      this.asked += 1;
      this.show('', 'idle');
      return;
    }
    this.timer = setTimeout(() => this.lookup(symbol), delay);
  }

  async lookup(symbol) {
    const mine = ++this.asked;
    if (!this.quote) this.show(`Looking up ${symbol}…`, 'loading');
    let next = REFRESH_MS;
    try {
      const answer = await lastPrice(symbol);
      if (mine !== this.asked) return;
      this.set({ symbol, price: answer.price, change: answer.change_24h_percent });
      this.render();
    } catch (error) {
      if (mine !== this.asked) return;
      this.set(null);
      if (error.status === 429) {
        next = Math.max(1, Number(error.retryAfter) || 1) * 1000;
        this.show(`Too many prices asked just now: ${symbol} in a moment…`, 'loading');
      } else {
        this.show(error.message, error.status === 404 ? 'unknown' : 'error');
        if (error.status === 404) next = UNKNOWN_MS;
      }
    }
    if (mine === this.asked) this.timer = setTimeout(() => this.lookup(symbol), next);
  }

  set(quote) {
    this.quote = quote;
    this.onChange(quote);
  }

  render() {
    const { symbol, price, change } = this.quote;
    const value = document.createElement('span');
    value.className = 'quote-price';
    value.dataset.testid = 'quote-price';
    value.textContent = groupDigits(price);
    const parts = [`${symbol} now `, value];
    if (change !== null && change !== undefined) {
      const moved = document.createElement('span');
      moved.className = `change change-${changeDirection(change)}`;
      moved.dataset.testid = 'quote-change';
      moved.textContent = formatChange(change);
      parts.push(' ', moved, ' in 24 h');
    }
    this.output.dataset.state = 'ok';
    this.output.replaceChildren(...parts);
    this.output.hidden = false;
  }

  show(text, state) {
    this.output.dataset.state = state;
    if (this.output.textContent !== text) this.output.textContent = text;
    this.output.hidden = !text;
  }

  // Looks up whatever the field holds now (after the form was filled or reset).
  refresh() {
    this.set(null);
    this.schedule(0);
  }

  stop() {
    clearTimeout(this.timer);
    this.asked += 1;
    this.set(null);
    this.show('', 'idle');
  }
}
