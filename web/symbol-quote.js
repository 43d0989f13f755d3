// symbol-quote.js: the symbol's current price and 24-hour change under the form's Symbol field,
// looked up on the exchange chosen as the person types (GET /api/v1/prices/{exchange}/{symbol})
// so that a target can be chosen before any alert exists (on Binance; the other exchanges' prices
// are known once an alert follows the symbol there). It waits for a pause in the typing, shows
// only the answer for the exchange and symbol now in the form, looks again every few seconds
// while they stay, and after a 429 waits as long as Retry-After says.

import { lastPrice } from './api.js';
import { changeDirection, formatChange, groupDigits } from './format.js';
import { symbolError } from './validate.js';
import { DEFAULT_EXCHANGE, marketWords } from './exchanges.js';

const PAUSE_MS = 350; // typing "BTCUSDT" asks once, not seven times
const REFRESH_MS = 15000;
const UNKNOWN_MS = 60000; // the server keeps "not listed" a minute

export class SymbolQuote {
  // exchange: the Exchange select; input: the Symbol field; output: the element that shows the
  // quote; onChange(quote | null).
  constructor(exchange, input, output, onChange = () => {}) {
    Object.assign(this, { exchange, input, output, onChange });
    this.quote = null; // { exchange, symbol, price, change } of the form's symbol, once known
    this.asked = 0; // numbers the lookups: a late answer about an older symbol is dropped
    input.addEventListener('input', () => this.schedule(PAUSE_MS));
    exchange.addEventListener('change', () => this.schedule(0));
  }

  schedule(delay) {
    clearTimeout(this.timer);
    const exchange = this.exchange.value;
    const symbol = this.input.value.trim();
    if (this.quote && (this.quote.symbol !== symbol || this.quote.exchange !== exchange)) this.set(null);
    if (symbolError(symbol, exchange)) {
      this.asked += 1;
      this.show('', 'idle');
      return;
    }
    this.timer = setTimeout(() => this.lookup(exchange, symbol), delay);
  }

  async lookup(exchange, symbol) {
    const mine = ++this.asked;
    const market = marketWords(exchange, symbol);
    if (!this.quote) this.show(`Looking up ${market}…`, 'loading');
    let next = REFRESH_MS;
    try {
      const answer = await lastPrice(exchange, symbol);
      if (mine !== this.asked) return;
      this.set({ exchange, symbol, price: answer.price, change: answer.change_24h_percent });
      this.render();
    } catch (error) {
      if (mine !== this.asked) return;
      this.set(null);
      if (error.status === 429) {
        next = Math.max(1, Number(error.retryAfter) || 1) * 1000;
        this.show(`Too many prices asked just now: ${market} in a moment…`, 'loading');
      } else if (error.status === 404 && exchange !== DEFAULT_EXCHANGE) {
        // Not an error: the other exchanges' prices are followed only for symbols with alerts.
        this.show(error.message, 'none');
        next = UNKNOWN_MS;
      } else {
        this.show(error.message, error.status === 404 ? 'unknown' : 'error');
        if (error.status === 404) next = UNKNOWN_MS;
      }
    }
    if (mine === this.asked) this.timer = setTimeout(() => this.lookup(exchange, symbol), next);
  }

  set(quote) {
    this.quote = quote;
    this.onChange(quote);
  }

  render() {
    const { exchange, symbol, price, change } = this.quote;
    const value = document.createElement('span');
    value.className = 'quote-price';
    value.dataset.testid = 'quote-price';
    value.textContent = groupDigits(price);
    const parts = [`${marketWords(exchange, symbol)} now `, value];
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
