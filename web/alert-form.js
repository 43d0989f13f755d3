// alert-form.js: the alert form, for a new alert or, after "Edit", an existing one. Checks the
// fields by the API's rules before sending (alert-fields.js), shows the API's message when it
// refuses anyway, and shows the symbol's price as it is typed (symbol-quote.js).

import { createAlert, updateAlert } from './api.js';
import { AlertFields } from './alert-fields.js';
import { SymbolQuote } from './symbol-quote.js';

// Which field an API message is about, to mark it and move focus there.
const FIELD_OF_MESSAGE = [
  [/^Symbol/, 'symbol'], [/ symbol is | is not listed on /, 'symbol'], [/^exchange/, 'exchange'], [/^Price/, 'price'], [/percent/i, 'percent'], [/window/i, 'window'],
  [/cooldown/, 'cooldown'], [/expires_at/, 'until'], [/note/i, 'note'],
];

export class AlertForm {
  // ui: form, title, error, button, cancel, quote and the fields of AlertFields;
  // onCreated(alert) after a 201, onSaved(alert) after an edit was saved.
  constructor(ui, { onCreated, onSaved }) {
    Object.assign(this, { ui, onCreated, onSaved });
    this.fields = new AlertFields(ui);
    this.quote = new SymbolQuote(ui.exchange, ui.symbol, ui.quote);
    this.editing = null; // the alert being edited
    this.following = false; // whether the symbol's price is looked up (while signed in)
    ui.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    ui.cancel.addEventListener('click', () => {
      this.reset();
      ui.symbol.focus();
    });
    // A fixed field stops being marked invalid as soon as it is edited.
    for (const field of this.fields.inputs) {
      field.addEventListener('input', () => field.removeAttribute('aria-invalid'));
    }
  }

  say(message, field = null) {
    this.ui.error.textContent = message;
    this.ui.error.hidden = !message;
    for (const input of this.fields.inputs) {
      if (input === field) {
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute('aria-errormessage', this.ui.error.id);
      } else {
        input.removeAttribute('aria-invalid');
        input.removeAttribute('aria-errormessage');
      }
    }
    if (field) field.focus();
  }

  // Back to a new alert with the defaults in the HTML: BTCUSDT on Binance, above, once, no price.
  reset() {
    this.ui.form.reset();
    this.editing = null;
    this.fields.reset();
    this.mode();
    this.say('');
    this.sending = false;
    this.ui.button.removeAttribute('aria-disabled');
    this.lookUp();
  }

  // Starts (on sign-in) or stops (on sign-out) looking up the price of the symbol typed.
  follow(on) {
    this.following = on;
    if (on) this.quote.refresh();
    else this.quote.stop();
  }

  lookUp() {
    if (this.following) this.quote.refresh();
  }

  mode() {
    const { ui, editing } = this;
    ui.title.textContent = editing ? `Edit alert #${editing.id}` : 'New alert';
    ui.button.textContent = editing ? 'Save changes' : 'Create alert';
    ui.cancel.hidden = !editing;
  }

  // Fills the form with an alert to change it; saving sends PATCH.
  edit(alert) {
    this.ui.form.reset();
    this.editing = alert;
    this.fields.fill(alert);
    if (this.ui.channels) {
      for (const box of this.ui.channels.querySelectorAll('input[type=checkbox]')) {
        box.checked = (alert.channels || []).includes(Number(box.value));
      }
    }
    this.mode();
    this.say('');
    this.lookUp();
    this.ui.form.scrollIntoView({ block: 'nearest' });
    this.ui.symbol.focus();
  }

  // The alert being edited changed elsewhere (another tab, it fired): stop editing a closed one.
  changed(alert) {
    if (!this.editing || this.editing.id !== alert.id) return;
    if (alert.status === 'created' || alert.status === 'paused') {
      this.editing = alert;
    } else {
      this.reset();
      this.say(`Alert #${alert.id} is ${alert.status} now and can no longer be changed.`);
    }
  }

  // The alert being edited was deleted from this page.
  stopEditing(id) {
    if (this.editing && this.editing.id === id) this.reset();
  }

  // A price picked on a chart of that exchange's symbol.
  setLevel(exchange, symbol, price, side) {
    this.fields.setLevel(exchange, symbol, price, side);
    this.ui.price.removeAttribute('aria-invalid');
    this.lookUp();
    this.ui.form.scrollIntoView({ block: 'nearest' });
    this.ui.price.focus();
  }

  async submit() {
    if (this.sending) return; // one at a time: a double click must not create two
    const read = this.fields.read({ editing: Boolean(this.editing) });
    if (read.problem) {
      this.say(read.problem, read.field);
      return;
    }
    this.say('');
    // aria-disabled rather than disabled: disabling the focused button would drop keyboard focus.
    this.sending = true;
    this.ui.button.setAttribute('aria-disabled', 'true');
    const editing = this.editing;
    // The channels ticked (none: the account's defaults, as the API reads an empty list).
    const channels = this.ui.channels
      ? [...this.ui.channels.querySelectorAll('input[type=checkbox]:checked')].map((box) => Number(box.value)) : [];
    read.fields.channels = channels;
    try {
      if (editing) {
        const saved = await updateAlert(editing.id, read.fields);
        this.reset();
        this.onSaved(saved);
      } else {
        const created = await createAlert(read.fields);
        this.ui.price.value = '';
        this.ui.percent.value = '';
        this.fields.show();
        this.onCreated(created);
      }
    } catch (error) {
      if (error.status !== 401) { // on 401 the session has ended and the screen is gone
        const named = FIELD_OF_MESSAGE.find(([pattern]) => pattern.test(error.message));
        this.say(error.message, named ? this.ui[named[1]] : null);
      }
    } finally {
      this.sending = false;
      this.ui.button.removeAttribute('aria-disabled');
    }
  }
}
