// account.js: the account's lifecycle in the app (issue 16): on the sign-in screen "Forgot your
// password?" (a link mailed) and the page that link opens (/#reset=TOKEN: a new password); on the
// dashboard the password change, the data export (a download) and the account's deletion, with a
// confirmation dialog that asks for the password.

import { changePassword, deleteAccount, exportAccount, requestPasswordReset, resetPassword } from './api.js';
import { emailError, passwordError } from './validate.js';

const RESET_PREFIX = '#reset=';

function busy(button, on) {
  button.disabled = on;
  button.closest('form')?.setAttribute('aria-busy', String(on));
}

// "Forgot your password?" under the login form.
export class ForgotPassword {
  constructor(ui, emailSource) {
    this.ui = ui;
    ui.toggle.addEventListener('click', () => this.open(!ui.form.hidden ? false : true, emailSource()));
    ui.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.send();
    });
  }

  open(on, email = '') {
    this.ui.form.hidden = !on;
    this.ui.toggle.setAttribute('aria-expanded', String(on));
    this.ui.message.textContent = '';
    this.ui.message.classList.remove('error');
    if (on) {
      if (email && !this.ui.email.value) this.ui.email.value = email;
      this.ui.email.focus();
    }
  }

  async send() {
    const email = this.ui.email.value.trim();
    const problem = emailError(email);
    if (problem) {
      this.say(problem, true);
      this.ui.email.focus();
      return;
    }
    busy(this.ui.send, true);
    try {
      const answer = await requestPasswordReset(email);
      this.say(answer && answer.message ? answer.message : 'Check your mail for the link.', false);
    } catch (error) {
      this.say(error.message, true);
    } finally {
      busy(this.ui.send, false);
    }
  }

  say(text, isError) {
    this.ui.message.textContent = text;
    this.ui.message.classList.toggle('error', isError);
  }
}

// The token of a reset link this page was opened with, or null. Read once and taken out of the
// address bar, so that it is neither bookmarked nor shown over a shoulder.
export function takeResetToken() {
  if (!location.hash.startsWith(RESET_PREFIX)) return null;
  const token = decodeURIComponent(location.hash.slice(RESET_PREFIX.length));
  history.replaceState(null, '', location.pathname + location.search);
  return token || null;
}

// The page a reset link opens: a new password, then back to the sign-in screen.
export class ResetScreen {
  constructor(ui, { done, cancel }) {
    this.ui = ui;
    this.token = null;
    ui.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.save(done);
    });
    ui.cancel.addEventListener('click', () => cancel());
  }

  show(token) {
    this.token = token;
    this.ui.password.value = '';
    this.say('');
    this.ui.title.focus();
  }

  say(text) {
    this.ui.message.textContent = text;
    this.ui.message.hidden = !text;
  }

  async save(done) {
    const password = this.ui.password.value;
    const problem = passwordError(password);
    if (problem) {
      this.say(problem);
      this.ui.password.focus();
      return;
    }
    busy(this.ui.save, true);
    try {
      await resetPassword(this.token, password);
      this.ui.password.value = '';
      done('Your password was changed. Log in with the new one.');
    } catch (error) {
      this.say(error.message);
      this.ui.password.focus();
    } finally {
      busy(this.ui.save, false);
    }
  }
}

// The dashboard's Account card.
export class AccountCard {
  // onToken(tokenResponse): the password change's new access token; onDeleted(): the account is gone.
  constructor(ui, { onToken, onDeleted }) {
    this.ui = ui;
    ui.passwordForm.addEventListener('submit', (event) => {
      event.preventDefault();
      this.changePassword(onToken);
    });
    ui.exportButton.addEventListener('click', () => this.download());
    ui.deleteButton.addEventListener('click', () => this.askDeletion());
    ui.deleteCancel.addEventListener('click', () => ui.dialog.close());
    ui.deleteForm.addEventListener('submit', (event) => {
      event.preventDefault();
      this.remove(onDeleted);
    });
    ui.dialog.addEventListener('close', () => {
      ui.deletePassword.value = '';
      ui.deleteButton.focus();
    });
  }

  reset() {
    this.ui.current.value = '';
    this.ui.replacement.value = '';
    this.say(this.ui.passwordMessage, '', false);
    this.say(this.ui.exportMessage, '', false);
    if (this.ui.dialog.open) this.ui.dialog.close();
  }

  say(element, text, isError) {
    element.textContent = text;
    element.classList.toggle('error', isError);
  }

  async changePassword(onToken) {
    const current = this.ui.current.value;
    const replacement = this.ui.replacement.value;
    if (!current) {
      this.say(this.ui.passwordMessage, 'Enter your current password.', true);
      this.ui.current.focus();
      return;
    }
    const problem = passwordError(replacement);
    if (problem) {
      this.say(this.ui.passwordMessage, problem, true);
      this.ui.replacement.focus();
      return;
    }
    busy(this.ui.passwordSave, true);
    try {
      const token = await changePassword(current, replacement);
      this.ui.current.value = '';
      this.ui.replacement.value = '';
      onToken(token);
      this.say(this.ui.passwordMessage, 'Password changed. Your other sessions have ended.', false);
    } catch (error) {
      this.say(this.ui.passwordMessage, error.message, true);
      this.ui.current.focus();
    } finally {
      busy(this.ui.passwordSave, false);
    }
  }

  async download() {
    this.ui.exportButton.disabled = true;
    try {
      const data = await exportAccount();
      const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = 'pricewatch-export.json';
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
      this.say(this.ui.exportMessage, 'Your data was downloaded as pricewatch-export.json.', false);
    } catch (error) {
      this.say(this.ui.exportMessage, error.message, true);
    } finally {
      this.ui.exportButton.disabled = false;
    }
  }

  askDeletion() {
    this.ui.deleteError.hidden = true;
    this.ui.deletePassword.value = '';
    this.ui.dialog.showModal();
    this.ui.deletePassword.focus();
  }

  async remove(onDeleted) {
    const password = this.ui.deletePassword.value;
    if (!password) {
      this.ui.deleteError.textContent = 'Enter your password to delete the account.';
      this.ui.deleteError.hidden = false;
      this.ui.deletePassword.focus();
      return;
    }
    busy(this.ui.deleteConfirm, true);
    try {
      await deleteAccount(password);
      this.ui.dialog.close();
      onDeleted();
    } catch (error) {
      this.ui.deleteError.textContent = error.message;
      this.ui.deleteError.hidden = false;
      this.ui.deletePassword.focus();
    } finally {
      busy(this.ui.deleteConfirm, false);
    }
  }
}
