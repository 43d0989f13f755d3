// alerts.js: the table of the user's alerts, with its status filter, pages of 10 (Previous /
// Next), and deletion behind a confirmation <dialog>. Loads are numbered so that an older answer
// arriving late can never overwrite a newer one.

import { deleteAlert, listAlerts } from './api.js';

const PAGE_SIZE = 10;
const PENDING_MAIL_MS = 10000; // no event says when an email went out: look again meanwhile
const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });

function timeElement(iso) {
  const time = document.createElement('time');
  time.dateTime = iso;
  time.textContent = timeFormat.format(new Date(iso));
  return time;
}

function cell(content) {
  const td = document.createElement('td');
  td.append(content ?? '');
  return td;
}

// What became of a fired alert: the price that fired it, when, and its email.
function triggeredCell(alert) {
  const td = cell();
  td.className = 'triggered';
  if (!alert.triggered_at) return td;
  td.append(`${alert.triggered_price ?? ''} at `, timeElement(alert.triggered_at));
  const mail = alert.notification;
  if (mail) {
    const note = document.createElement('span');
    note.className = `mail mail-${mail.status}`;
    note.textContent = `email ${mail.status}`;
    if (mail.last_error) note.title = `${mail.attempts} attempts; last error: ${mail.last_error}`;
    td.append(note);
  }
  return td;
}

export class AlertTable {
  // ui: the table's elements (see app.js); onDeleted: called after an alert was deleted.
  constructor(ui, onDeleted) {
    Object.assign(this, { ui, onDeleted });
    this.page = 1;
    this.status = 'all';
    this.loads = 0; // number of the newest load
    this.busy = false;
    this.again = false;
    this.pending = null; // { alert, opener } while the dialog is open
    ui.filter.addEventListener('change', () => this.go(1, ui.filter.value));
    ui.previous.addEventListener('click', () => this.go(this.page - 1));
    ui.next.addEventListener('click', () => this.go(this.page + 1));
    ui.body.addEventListener('click', (event) => {
      const button = event.target.closest('button[data-delete]');
      if (button) this.confirmDelete(button);
    });
    ui.confirm.addEventListener('click', () => this.deleteConfirmed());
    ui.cancel.addEventListener('click', () => ui.dialog.close());
    // Escape closes a modal dialog by itself; not while the deletion is on its way.
    ui.dialog.addEventListener('cancel', (event) => { if (ui.confirm.disabled) event.preventDefault(); });
    ui.dialog.addEventListener('close', () => this.dialogClosed());
  }

  reset() {
    this.loads += 1; // answers to earlier loads are dropped
    clearTimeout(this.mailTimer);
    this.busy = false;
    this.again = false;
    if (this.ui.dialog.open) this.ui.dialog.close();
    this.page = 1;
    this.status = 'all';
    this.ui.filter.value = 'all';
    this.ui.body.replaceChildren();
    this.ui.error.hidden = true;
    this.rows = new Map();
  }

  go(page, status = this.status) {
    this.page = Math.max(1, page);
    this.status = status;
    this.load();
  }

  // Reload the current page; calls during a load are folded into one more load after it.
  refresh() {
    if (this.busy) this.again = true;
    else this.load();
  }

  async load() {
    const number = ++this.loads;
    this.busy = true;
    try {
      const answer = await listAlerts({ status: this.status, page: this.page, pageSize: PAGE_SIZE });
      if (number === this.loads) this.render(answer);
    } catch (error) {
      if (number !== this.loads) return;
      if (error.status === 404 && this.page > 1) { // the page emptied (deleted, fired): go back
        this.busy = false;
        this.go(this.page - 1);
        return;
      }
      if (error.status !== 401) this.showError(error.message);
    } finally {
      if (number === this.loads) this.busy = false;
    }
    if (number === this.loads && this.again) {
      this.again = false;
      this.load();
    }
  }

  showError(message) {
    this.ui.error.textContent = message;
    this.ui.error.hidden = !message;
  }

  render(answer) {
    this.showError('');
    const pages = Math.max(1, Math.ceil(answer.count / (answer.page_size || PAGE_SIZE)));
    this.ui.pageInfo.textContent = `Page ${this.page} of ${pages}`;
    const pagerFocus = [this.ui.previous, this.ui.next].find((button) => button === document.activeElement);
    this.ui.previous.disabled = this.page <= 1;
    this.ui.next.disabled = !answer.next;
    // At the first or last page the button just used is disabled: keep focus in the pager.
    if (pagerFocus && pagerFocus.disabled) {
      const other = pagerFocus === this.ui.next ? this.ui.previous : this.ui.next;
      (other.disabled ? this.ui.heading : other).focus();
    }
    this.ui.empty.hidden = answer.results.length > 0;
    this.rows = new Map();
    const focused = document.activeElement && document.activeElement.dataset.delete;
    this.ui.body.replaceChildren(...answer.results.map((alert) => this.row(alert)));
    clearTimeout(this.mailTimer);
    if (answer.results.some((alert) => alert.notification && alert.notification.status === 'pending')) {
      this.mailTimer = setTimeout(() => this.refresh(), PENDING_MAIL_MS);
    }
    // A re-render must not throw keyboard focus away from the row being worked on.
    if (focused) {
      const again = this.ui.body.querySelector(`button[data-delete="${CSS.escape(focused)}"]`);
      if (again) again.focus();
    }
  }

  row(alert) {
    const tr = document.createElement('tr');
    tr.dataset.testid = `alert-row-${alert.id}`;
    const status = cell(alert.status);
    status.dataset.testid = `alert-status-${alert.id}`;
    status.className = `status status-${alert.status}`;
    const actions = cell();
    if (alert.status === 'created') {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'secondary small';
      button.textContent = 'Delete';
      button.setAttribute('aria-label', `Delete alert ${alert.id}`);
      button.dataset.delete = String(alert.id);
      actions.append(button);
    }
    tr.append(cell(String(alert.id)), cell(alert.symbol), cell(alert.condition), cell(alert.price), status,
      cell(timeElement(alert.created_at)), triggeredCell(alert), actions);
    this.rows.set(String(alert.id), { tr, alert });
    return tr;
  }

  // An alert changed (from the events stream): show it at once if it is on screen.
  update(alert) {
    const shown = this.rows && this.rows.get(String(alert.id));
    if (!shown) return;
    const hadFocus = shown.tr.contains(document.activeElement);
    const fresh = this.row(alert);
    shown.tr.replaceWith(fresh);
    if (hadFocus) (fresh.querySelector('button') || this.ui.heading).focus(); // not lost to <body>
  }

  confirmDelete(button) {
    const shown = this.rows.get(button.dataset.delete);
    if (!shown) return;
    const { alert } = shown;
    this.pending = { alert, opener: button };
    this.ui.dialogText.textContent =
      `Alert #${alert.id}: ${alert.symbol} ${alert.condition} ${alert.price}. It will no longer fire.`;
    this.ui.dialogError.hidden = true;
    this.ui.confirm.disabled = false;
    this.ui.dialog.showModal();
    this.ui.cancel.focus(); // the safe choice first
  }

  async deleteConfirmed() {
    const { alert } = this.pending;
    this.ui.confirm.disabled = true;
    try {
      await deleteAlert(alert.id);
      this.pending.deleted = true;
      this.ui.dialog.close();
      this.onDeleted(alert);
    } catch (error) {
      this.ui.confirm.disabled = false;
      if (error.status === 401) return; // the session is over; the app takes it from here
      this.ui.dialogError.textContent = error.message;
      this.ui.dialogError.hidden = false;
      this.ui.cancel.focus(); // the disabled Delete button lost focus
      this.refresh(); // it may have changed meanwhile: show how it is now
    }
  }

  // Back to the button that opened the dialog, or to the table's heading once its row is gone.
  dialogClosed() {
    const pending = this.pending;
    this.pending = null;
    if (!pending) return;
    const again = this.ui.body.querySelector(`button[data-delete="${CSS.escape(String(pending.alert.id))}"]`);
    if (!pending.deleted && again) again.focus();
    else this.ui.heading.focus();
  }
}
