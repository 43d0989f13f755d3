// alert-form.js: the "New alert" form. Checks the symbol and price by the API's rules before
// sending, and shows the API's message when it refuses anyway.

import { createAlert } from './api.js';
import { priceError, symbolError } from './validate.js';

export class AlertForm {
  // ui: form, symbol, condition, price, error, button; onCreated(alert) after a 201.
  constructor(ui, onCreated) {
    this.ui = ui;
    this.onCreated = onCreated;
    ui.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    // A fixed field stops being marked invalid as soon as it is edited.
    for (const field of [ui.symbol, ui.price]) {
      field.addEventListener('input', () => field.removeAttribute('aria-invalid'));
    }
  }

  say(message, field = null) {
    this.ui.error.textContent = message;
    this.ui.error.hidden = !message;
    for (const input of [this.ui.symbol, this.ui.price]) {
      if (input === field) {
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute('aria-describedby', this.ui.error.id);
      } else {
        input.removeAttribute('aria-invalid');
        input.removeAttribute('aria-describedby');
      }
    }
    if (field) field.focus();
  }

  reset() {
    this.ui.form.reset(); // back to the defaults in the HTML: BTCUSDT, above, no price
    this.say('');
    this.sending = false;
    this.ui.button.removeAttribute('aria-disabled');
  }

  async submit() {
    if (this.sending) return undefined; // one at a time: a double click must not create two
    const symbol = this.ui.symbol.value.trim();
    const condition = this.ui.condition.value;
    const price = this.ui.price.value.trim();
    const symbolProblem = symbolError(symbol);
    if (symbolProblem) return this.say(symbolProblem, this.ui.symbol);
    const priceProblem = priceError(price);
    if (priceProblem) return this.say(priceProblem, this.ui.price);
    this.say('');
    // aria-disabled rather than disabled: disabling the focused button would drop keyboard focus.
    this.sending = true;
    this.ui.button.setAttribute('aria-disabled', 'true');
    try {
      const alert = await createAlert(symbol, condition, price);
      this.ui.price.value = '';
      this.onCreated(alert);
    } catch (error) {
      if (error.status !== 401) { // on 401 the session has ended and the screen is gone
        const field = /^Symbol/.test(error.message) ? this.ui.symbol
          : /^Price/.test(error.message) ? this.ui.price : null;
        this.say(error.message, field);
      }
    } finally {
      this.sending = false;
      this.ui.button.removeAttribute('aria-disabled');
    }
    return undefined;
  }
}
