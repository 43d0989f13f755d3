// alert-fields.js: the fields of the alert form and what they mean. Shows only the fields the
// chosen kind needs (a price for levels and crossings, a percent and a window for moves, the
// pause between firings for "every time"), says the whole alert in one plain sentence as it is
// filled in, reads the fields into the API's request (checked by the API's rules, in the order
// of the fields), and fills them from an alert to edit it.

import { conditionWords, durationWords, frequencyWords, ungroupDigits } from './format.js';
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
  // ui: symbol, condition, price, percent, window, frequency, cooldown, until, note, noteCount,
  // summary, and the wrappers priceField, percentField, windowField, cooldownField.
  constructor(ui) {
    this.ui = ui;
    this.keptExpiry = null; // the edited alert's expires_at, kept while its day is unchanged
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

  show() {
    const { ui } = this;
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
    const symbol = ui.symbol.value.trim() || 'the symbol';
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
    const symbol = ui.symbol.value.trim();
    const condition = ui.condition.value;
    const fail = (problem, field) => ({ problem, field });
    const symbolProblem = symbolError(symbol);
    if (symbolProblem) return fail(symbolProblem, ui.symbol);
    const fields = { symbol, condition };
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

  // A price picked on a chart: that symbol and level; a move becomes a level on that side.
  setLevel(symbol, price, { above }) {
    const { ui } = this;
    ui.symbol.value = symbol;
    if (isMoving(ui.condition.value)) ui.condition.value = above ? 'above' : 'below';
    ui.price.value = price;
    this.show();
  }

  reset() {
    this.keptExpiry = null;
    this.show();
  }
}
