// auth.js: the sign-in screen's form. "Log in" asks for a token; "Sign up" creates the account
// and then logs in with the same email and password. Errors, the API's own words, go to the
// form's role="alert" element, which also carries the "session expired" message.

import { login, register } from './api.js';
import { emailError, passwordError } from './validate.js';

function waitText(seconds) {
  const value = Number(seconds);
  if (!Number.isFinite(value) || value <= 0) return '';
  return value < 90 ? ` You can try again in ${Math.ceil(value)} seconds.`
    : ` You can try again in ${Math.ceil(value / 60)} minutes.`;
}

export class AuthForm {
  // ui: form, email, password, message, buttons; onToken(tokenResponse) once logged in.
  constructor(ui, onToken) {
    this.ui = ui;
    this.onToken = onToken;
    ui.form.addEventListener('submit', (event) => {
      event.preventDefault();
      // Enter in a field submits with the first button, "Log in".
      const action = event.submitter && event.submitter.value === 'signup' ? 'signup' : 'login';
      this.submit(action);
    });
  }

  // tone: 'error' (a refusal, the session expired) or 'notice' (the password was reset).
  say(message, tone = 'error') {
    this.ui.message.textContent = message;
    this.ui.message.hidden = !message;
    this.ui.message.classList.toggle('error', tone === 'error');
  }

  // Back to an empty form, optionally with a message (the session expired).
  reset(message = '', tone = 'error') {
    this.ui.password.value = '';
    this.say(message, tone);
    this.busy(false);
  }

  busy(on) {
    this.ui.form.setAttribute('aria-busy', String(on));
    for (const button of this.ui.buttons) button.disabled = on;
  }

  async submit(action) {
    const email = this.ui.email.value.trim();
    const password = this.ui.password.value;
    let problem = !email || !password ? 'Enter your email and password.' : null;
    if (!problem && action === 'signup') problem = emailError(email) || passwordError(password);
    if (problem) {
      this.say(problem);
      (email ? this.ui.password : this.ui.email).focus();
      return;
    }
    this.say('');
    this.busy(true);
    try {
      if (action === 'signup') await register(email, password);
      const token = await login(email, password);
      this.ui.password.value = '';
      this.busy(false);
      this.onToken(token);
    } catch (error) {
      this.busy(false);
      const wait = error.status === 429 ? waitText(error.retryAfter) : '';
      this.say(`${error.message}${wait}`);
      this.ui.password.focus();
    }
  }
}
