// alerts.js: the table of the user's alerts, with its status filter and pages of 10 (Previous /
// Next). Each alert says which symbol it watches on which exchange, what it waits for in plain words, how often it fired and, when it repeats,
// from when it may fire again; its buttons edit, pause or resume, delete (behind a confirmation
// <dialog>) and show its firing history under its row. Loads are numbered so that an older
// answer arriving late can never overwrite a newer one.

import { deleteAlert, listAlerts, updateAlert } from './api.js';
import { FiringHistory } from './firings.js';
import { conditionWords, deliveryWords, frequencyWords, groupDigits, SAVED_HINT, statusWord, timeElement } from './format.js';
import { exchangeLabel, exchangeOf, marketWords } from './exchanges.js';

const PAGE_SIZE = 10;
const COLUMNS = 7;
const PENDING_MAIL_MS = 10000; // no event says when an email went out: look again meanwhile
const OPEN = new Set(['created', 'paused']);
const COLUMN_NAMES = ['#', 'Symbol', 'Alert', 'Status', 'Created', 'Fired'];

function cell(...content) {
  const td = document.createElement('td');
  td.append(...content);
  return td;
}

function line(className, ...content) {
  const span = document.createElement('span');
  span.className = className;
  span.append(...content);
  return span;
}

// The symbol, and under it the exchange it is followed on.
function symbolCell(alert) {
  const where = line('exchange', exchangeLabel(exchangeOf(alert)));
  where.dataset.testid = `alert-exchange-${alert.id}`;
  const td = cell(line('symbol', alert.symbol), where);
  td.className = 'market';
  return td;
}

// What the alert watches and how often, in plain words, and its note.
function alertCell(alert) {
  const td = cell(line('what', conditionWords(alert)), line('how', frequencyWords(alert)));
  td.className = 'alert';
  if (alert.note) td.append(line('note', alert.note));
  return td;
}

function mailNote(mail) {
  const note = line(`mail mail-${mail.status}`, deliveryWords('email', mail.status));
  if (mail.status === 'saved') note.title = SAVED_HINT;
  if (mail.last_error) note.title = `${mail.attempts} attempts; last error: ${mail.last_error}`;
  return note;
}

// What came of it: the first firing of a once alert; a recurring one's count, last firing, and
// the earliest moment it may fire again (its last firing plus its cooldown).
function firedCell(alert) {
  const td = cell();
  td.className = 'fired';
  const count = alert.fire_count || 0;
  if (count === 0 && !alert.triggered_at) return td;
  if (alert.frequency === 'every_time') {
    const times = line('count', `Fired ${count} time${count === 1 ? '' : 's'}`);
    times.dataset.testid = `fire-count-${alert.id}`;
    td.append(times);
    if (alert.last_fired_at) {
      td.append(line('last', `last ${groupDigits(alert.last_fired_price)} at `, timeElement(alert.last_fired_at)));
      if (OPEN.has(alert.status)) {
        const next = new Date(Date.parse(alert.last_fired_at) + alert.cooldown_seconds * 1000).toISOString();
        const when = timeElement(next);
        when.dataset.testid = `next-fire-${alert.id}`;
        td.append(line('next', 'may fire again from ', when));
      }
    }
  } else {
    td.append(line('last', `${groupDigits(alert.triggered_price)} at `, timeElement(alert.triggered_at)));
  }
  if (alert.notification) td.append(mailNote(alert.notification));
  return td;
}

function button(text, label, data) {
  const element = document.createElement('button');
  element.type = 'button';
  element.className = 'secondary small';
  element.textContent = text;
  element.setAttribute('aria-label', label);
  Object.assign(element.dataset, data);
  return element;
}

export class AlertTable {
  // ui: the table's elements (see app.js); on: { deleted(alert), changed(alert), edit(alert) }.
  constructor(ui, on) {
    Object.assign(this, { ui, on });
    this.page = 1;
    this.status = 'all';
    this.loads = 0; // number of the newest load
    this.busy = false;
    this.again = false;
    this.pending = null; // { alert, opener } while the dialog is open
    this.histories = new Map(); // id -> FiringHistory, for the rows whose history is open
    ui.filter.addEventListener('change', () => this.go(1, ui.filter.value));
    ui.previous.addEventListener('click', () => this.go(this.page - 1));
    ui.next.addEventListener('click', () => this.go(this.page + 1));
    ui.body.addEventListener('click', (event) => this.clicked(event.target.closest('button[data-action]')));
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
    this.histories = new Map();
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
    const pagerFocus = [this.ui.previous, this.ui.next].find((element) => element === document.activeElement);
    this.ui.previous.disabled = this.page <= 1;
    this.ui.next.disabled = !answer.next;
    // At the first or last page the button just used is disabled: keep focus in the pager.
    if (pagerFocus && pagerFocus.disabled) {
      const other = pagerFocus === this.ui.next ? this.ui.previous : this.ui.next;
      (other.disabled ? this.ui.heading : other).focus();
    }
    this.ui.empty.hidden = answer.results.length > 0;
    const focused = document.activeElement && document.activeElement.closest('button[data-action]');
    const focusKey = focused && `${focused.dataset.action}-${focused.dataset.id}`;
    this.rows = new Map();
    const shown = new Set(answer.results.map((alert) => String(alert.id)));
    for (const id of this.histories.keys()) if (!shown.has(id)) this.histories.delete(id);
    this.ui.body.replaceChildren(...answer.results.flatMap((alert) => this.rowsOf(alert)));
    clearTimeout(this.mailTimer);
    if (answer.results.some((alert) => alert.notification && alert.notification.status === 'pending')) {
      this.mailTimer = setTimeout(() => this.refresh(), PENDING_MAIL_MS);
    }
    // A re-render must not throw keyboard focus away from the row being worked on.
    if (focusKey) this.refocus(focusKey);
  }

  refocus(key) {
    const [action, id] = key.split('-');
    const again = this.ui.body.querySelector(`button[data-action="${action}"][data-id="${CSS.escape(id)}"]`)
      || this.ui.body.querySelector(`button[data-id="${CSS.escape(id)}"]`);
    if (again) again.focus();
  }

  // The alert's row, and its history's row when that is open.
  rowsOf(alert) {
    const tr = this.row(alert);
    const history = this.histories.get(String(alert.id));
    if (!history) return [tr];
    return [tr, this.historyRow(history)];
  }

  row(alert) {
    const tr = document.createElement('tr');
    tr.dataset.testid = `alert-row-${alert.id}`;
    const status = cell(statusWord(alert.status));
    status.dataset.testid = `alert-status-${alert.id}`;
    status.className = `status status-${alert.status}`;
    const cells = [cell(String(alert.id)), symbolCell(alert), alertCell(alert), status,
      cell(timeElement(alert.created_at)), firedCell(alert)];
    // Each cell says its column: on a phone the rows are cards, without the header row.
    COLUMN_NAMES.forEach((column, index) => { cells[index].dataset.label = column; });
    tr.append(...cells, this.actions(alert));
    this.rows.set(String(alert.id), { tr, alert });
    return tr;
  }

  actions(alert) {
    const group = document.createElement('div');
    group.className = 'row-actions';
    const td = cell(group);
    const id = String(alert.id);
    if (OPEN.has(alert.status)) {
      group.append(button('Edit', `Edit alert ${id}`, { action: 'edit', id }));
      group.append(alert.status === 'paused'
        ? button('Resume', `Resume alert ${id}`, { action: 'resume', id })
        : button('Pause', `Pause alert ${id}`, { action: 'pause', id }));
    }
    const history = button('History', `History of alert ${id}`, { action: 'history', id });
    history.setAttribute('aria-expanded', String(this.histories.has(id)));
    group.append(history);
    if (alert.status !== 'deleted') group.append(button('Delete', `Delete alert ${id}`, { action: 'delete', id }));
    return td;
  }

  historyRow(history) {
    const tr = document.createElement('tr');
    tr.className = 'history-row';
    const td = cell(history.element);
    td.colSpan = COLUMNS;
    tr.append(td);
    return tr;
  }

  clicked(element) {
    if (!element) return;
    const shown = this.rows.get(element.dataset.id);
    if (!shown) return;
    const { alert } = shown;
    switch (element.dataset.action) {
      case 'edit': this.on.edit(alert); break;
      case 'pause': this.setPaused(alert, true); break;
      case 'resume': this.setPaused(alert, false); break;
      case 'history': this.toggleHistory(alert); break;
      case 'delete': this.confirmDelete(alert, element); break;
      default: break;
    }
  }

  async setPaused(alert, paused) {
    try {
      const changed = await updateAlert(alert.id, { paused });
      this.showError('');
      this.update(changed);
      this.on.changed(changed);
    } catch (error) {
      if (error.status === 401) return;
      this.showError(error.message);
      this.refresh(); // it may have changed meanwhile (fired, expired): show how it is now
    }
  }

  toggleHistory(alert) {
    const id = String(alert.id);
    if (this.histories.has(id)) {
      this.histories.delete(id);
    } else {
      const history = new FiringHistory(alert);
      this.histories.set(id, history);
      history.load();
    }
    this.update(alert);
  }

  // The alert fired: its open history shows the new firing.
  fired(alert) {
    const history = this.histories.get(String(alert.id));
    if (history) history.load();
  }

  // An alert changed (an event, a pause): show it at once if it is on screen.
  update(alert) {
    const shown = this.rows && this.rows.get(String(alert.id));
    if (!shown) return;
    const focused = shown.tr.contains(document.activeElement) && document.activeElement.dataset.action;
    const next = shown.tr.nextElementSibling;
    if (next && next.classList.contains('history-row')) next.remove();
    const fresh = this.rowsOf(alert);
    shown.tr.replaceWith(...fresh);
    if (focused) {
      const again = fresh[0].querySelector(`button[data-action="${focused}"]`) || fresh[0].querySelector('button');
      (again || this.ui.heading).focus(); // not lost to <body>
    }
  }

  confirmDelete(alert, opener) {
    this.pending = { alert, opener };
    const ending = OPEN.has(alert.status) ? 'It will no longer fire.' : 'Its history stays.';
    this.ui.dialogText.textContent = `Alert #${alert.id}: ${marketWords(exchangeOf(alert), alert.symbol)} ${conditionWords(alert)}. ${ending}`;
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
      this.on.deleted(alert);
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
    const again = this.ui.body.querySelector(`button[data-action="delete"][data-id="${CSS.escape(String(pending.alert.id))}"]`);
    if (!pending.deleted && again) again.focus();
    else this.ui.heading.focus();
  }
}
