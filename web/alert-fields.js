// alert-fields.js: the fields of the alert form and what they mean. Shows only the fields the
// chosen kind needs (a price for levels and crossings, a percent and a window for moves, the
// pause between firings for "every time"), says the whole alert in one plain sentence as it is
// filled in, reads the fields into the API's request (checked by the API's rules, in the order
// of the fields), and fills them from an alert to edit it. The exchange comes first: the symbol's
// placeholder, hint and rules are that exchange's, and an alert being edited keeps its own.

import { conditionWords, durationWords, frequencyWords, ungroupDigits } from './format.js';
import { DEFAULT_EXCHANGE, EXCHANGES, exchangeOf, marketWords } from './exchanges.js';
import {
  cooldownError, expiryError, noteError, percentError, priceError, symbolError, windowError,
} from './validate.js';

const MOVING = new Set(['moving_up', 'moving_down']);
export const isMoving = (condition) => MOVING.has(condition);

// "2026-12-31" (a date field's value) -> the end of that day here; null for "".
function endOfDay(value) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 23, 59, 59);
}

// An RFC 3339 time -> its day here, as a date field's value.
function dayValue(iso) {
  const date = new Date(iso);
  const pad = (number) => String(number).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export class AlertFields {
  // ui: exchange, exchangeHint, symbol, symbolHint, condition, price, percent, window, frequency,
  // cooldown, until, note, noteCount, summary, and the wrappers priceField, percentField,
  // windowField, cooldownField.
  constructor(ui) {
    this.ui = ui;
    this.keptExpiry = null; // the edited alert's expires_at, kept while its day is unchanged
    this.shownExchange = ui.exchange.value;
    ui.exchange.addEventListener('change', () => this.exchangeChosen());
    for (const field of [ui.symbol, ui.condition, ui.price, ui.percent, ui.window, ui.frequency, ui.cooldown,
      ui.until, ui.note]) {
      field.addEventListener('input', () => this.show());
      field.addEventListener('change', () => this.show());
    }
    this.show();
  }

  // The inputs that may be marked invalid.
  get inputs() {
    const { symbol, price, percent, window, cooldown, until, note } = this.ui;
    return [symbol, price, percent, window, cooldown, until, note];
  }

  // Another exchange chosen: its symbol form in the placeholder and hint, and the example symbol
  // of the exchange left (or nothing) replaced by this one's, since it is not written so here.
  exchangeChosen() {
    const { ui } = this;
    const before = EXCHANGES[this.shownExchange];
    const now = EXCHANGES[ui.exchange.value] || EXCHANGES[DEFAULT_EXCHANGE];
    const symbol = ui.symbol.value.trim();
    if (symbol === '' || (before && symbol === before.example)) ui.symbol.value = now.example;
    this.shownExchange = ui.exchange.value;
    this.show();
  }

  show() {
    const { ui } = this;
    const exchange = EXCHANGES[ui.exchange.value] || EXCHANGES[DEFAULT_EXCHANGE];
    ui.symbol.placeholder = exchange.example;
    ui.symbolHint.textContent = exchange.form;
    const moving = isMoving(ui.condition.value);
    ui.priceField.hidden = moving;
    ui.percentField.hidden = !moving;
    ui.windowField.hidden = !moving;
    ui.cooldownField.hidden = ui.frequency.value !== 'every_time';
    const characters = [...ui.note.value].length;
    ui.noteCount.textContent = `${characters} / 500`;
    ui.noteCount.classList.toggle('over', characters > 500);
    ui.summary.textContent = this.sentence();
  }

  // "Email me when BTCUSDT crosses up 52,000, every time, at most once per 5 minutes, until Dec 31."
  sentence() {
    const { ui } = this;
    const symbol = marketWords(ui.exchange.value, ui.symbol.value.trim() || 'the symbol');
    const until = endOfDay(ui.until.value);
    const what = conditionWords({
      condition: ui.condition.value,
      price: ungroupDigits(ui.price.value) || '…',
      percent: ui.percent.value.trim() || '…',
      window: ui.window.value,
    });
    const how = frequencyWords({
      frequency: ui.frequency.value,
      cooldown_seconds: Number(ui.cooldown.value),
      expires_at: until ? until.toISOString() : null,
    });
    return `Email me when ${symbol} ${what}, ${how}.`;
  }

  // { fields } for the API, or { problem, field } for the first field that breaks its rules.
  read({ editing = false } = {}) {
    const { ui } = this;
    const exchange = ui.exchange.value;
    const symbol = ui.symbol.value.trim();
    const condition = ui.condition.value;
    const fail = (problem, field) => ({ problem, field });
    const symbolProblem = symbolError(symbol, exchange);
    if (symbolProblem) return fail(symbolProblem, ui.symbol);
    // An alert keeps its exchange: a change names none (the API refuses another one).
    const fields = editing ? { symbol, condition } : { exchange, symbol, condition };
    if (isMoving(condition)) {
      const percent = ui.percent.value.trim();
      const percentProblem = percentError(percent);
      if (percentProblem) return fail(percentProblem, ui.percent);
      const windowProblem = windowError(ui.window.value);
      if (windowProblem) return fail(windowProblem, ui.window);
      Object.assign(fields, { percent, window: ui.window.value });
    } else {
      const price = ungroupDigits(ui.price.value);
      const priceProblem = priceError(price);
      if (priceProblem) return fail(priceProblem, ui.price);
      fields.price = price;
    }
    fields.frequency = ui.frequency.value;
    if (fields.frequency === 'every_time') {
      const cooldown = Number(ui.cooldown.value);
      const cooldownProblem = cooldownError(cooldown);
      if (cooldownProblem) return fail(cooldownProblem, ui.cooldown);
      fields.cooldown_seconds = cooldown;
    }
    const until = endOfDay(ui.until.value);
    if (this.keptExpiry && ui.until.value === dayValue(this.keptExpiry)) {
      fields.expires_at = this.keptExpiry; // unchanged: the API keeps an end it already has
    } else {
      const untilProblem = expiryError(until);
      if (untilProblem) return fail(untilProblem, ui.until);
      if (until || editing) fields.expires_at = until ? until.toISOString() : null;
    }
    const noteProblem = noteError(ui.note.value);
    if (noteProblem) return fail(noteProblem, ui.note);
    if (ui.note.value || editing) fields.note = ui.note.value;
    return { fields };
  }

  // An existing alert's fields, to edit it.
  fill(alert) {
    const { ui } = this;
    this.lockExchange(exchangeOf(alert));
    ui.symbol.value = alert.symbol;
    ui.condition.value = alert.condition;
    ui.price.value = alert.price ?? '';
    ui.percent.value = alert.percent ?? '';
    if (alert.window) ui.window.value = alert.window;
    ui.frequency.value = alert.frequency || 'once';
    this.chooseCooldown(alert.cooldown_seconds || 60);
    this.keptExpiry = alert.expires_at || null;
    ui.until.value = alert.expires_at ? dayValue(alert.expires_at) : '';
    ui.note.value = alert.note || '';
    this.show();
  }

  // A pause the presets lack (set through the API) gets an option of its own.
  chooseCooldown(seconds) {
    const select = this.ui.cooldown;
    if (![...select.options].some((option) => Number(option.value) === seconds)) {
      select.add(new Option(durationWords(seconds), String(seconds)));
    }
    select.value = String(seconds);
  }

  // While an alert is edited its exchange is shown but cannot change; reset() frees it again.
  lockExchange(exchange) {
    const { ui } = this;
    ui.exchange.value = exchange;
    this.shownExchange = exchange;
    ui.exchange.disabled = true;
    ui.exchangeHint.hidden = false;
  }

  // A price picked on a chart: that exchange, symbol and level; a move becomes a level on that
  // side. An alert being edited keeps its exchange: the chart of another only gives the price.
  setLevel(exchange, symbol, price, { above }) {
    const { ui } = this;
    if (!ui.exchange.disabled) {
      ui.exchange.value = exchange;
      this.shownExchange = exchange;
      ui.symbol.value = symbol;
    } else if (ui.exchange.value === exchange) {
      ui.symbol.value = symbol;
    }
    if (isMoving(ui.condition.value)) ui.condition.value = above ? 'above' : 'below';
    ui.price.value = price;
    this.show();
  }

  reset() {
    this.keptExpiry = null;
    this.ui.exchange.disabled = false;
    this.ui.exchangeHint.hidden = true;
    this.shownExchange = this.ui.exchange.value;
    this.show();
  }
}
