// app.js: the entry point. Builds the parts of the page, and moves between the sign-in screen
// and the dashboard: on login (or a reload of a signed-in tab) it starts the table, the live
// prices (with the user's alert levels on their charts) and the alert events; on logout or
// expiry it stops them all and forgets the token.

import { configureApi, getAlert, listAlerts } from './api.js';
import * as session from './session.js';
import { AuthForm } from './auth.js';
import { AlertForm } from './alert-form.js';
import { AlertTable } from './alerts.js';
import { PriceBoard } from './prices.js';
import { ChannelList } from './channels.js';
import { QuietSettings } from './quiet-settings.js';
import { FeedStatus } from './feed.js';
import { Notices } from './notices.js';
import { AlertSignals } from './alert-signals.js';
import { RecentFirings } from './recent-firings.js';
import { followAlertEvents } from './events.js';
import { AccountCard, ForgotPassword, ResetScreen, takeResetToken } from './account.js';
import { conditionWords, groupDigits } from './format.js';
import { exchangeOf, marketKey, marketWords } from './exchanges.js';
import { isMoving } from './alert-fields.js';

const $ = (id) => document.getElementById(id);
const EXPIRED = 'Your session has expired. Please log in again.';

let events = null; // the running alert events stream
let generation = 0; // counts sign-ins and sign-outs: late answers of an old session are dropped
const firedMarkets = new Map(); // marketKey -> { exchange, symbol }: their cards stay after the last alert fired
let knownCreated = new Set(); // ids of the created alerts at the last load
const settled = new Set(); // ids whose end this page already showed (fired notice, deleted)

const notices = new Notices($('notices'), $('notices-clear'));
const signals = new AlertSignals({ notify: $('notify-browser'), sound: $('notify-sound'), message: $('notify-message') });
const recent = new RecentFirings({ list: $('recent-firings'), empty: $('recent-empty') }, announceMissed);
const board = new PriceBoard($('price-cards'), $('prices-empty'), () => feed.update(),
  (exchange, symbol, price, side) => alertForm.setLevel(exchange, symbol, price, side));
const feed = new FeedStatus($('feed-status'), $('feed-detail'), board);

const alertForm = new AlertForm({
  form: $('create-form'), title: $('form-title'), error: $('create-error'), button: $('create-button'),
  cancel: $('edit-cancel'), quote: $('symbol-quote'), summary: $('alert-summary'),
  exchange: $('alert-exchange'), exchangeHint: $('exchange-hint'), symbol: $('alert-symbol'), symbolHint: $('symbol-hint'),
  condition: $('alert-condition'), price: $('alert-price'), percent: $('alert-percent'),
  window: $('alert-window'), frequency: $('alert-frequency'), cooldown: $('alert-cooldown'), until: $('alert-until'),
  note: $('alert-note'), noteCount: $('note-count'), priceField: $('price-field'), percentField: $('percent-field'),
  windowField: $('window-field'), cooldownField: $('cooldown-field'), channels: $('alert-channels'),
}, {
  onCreated(alert) {
    notices.show(`Alert #${alert.id} created: ${market(alert)} ${conditionWords(alert)}.`);
    table.go(1); // the newest alert comes first
    refreshSymbols();
  },
  onSaved(alert) {
    notices.show(`Alert #${alert.id} saved: ${market(alert)} ${conditionWords(alert)}.`);
    table.update(alert);
    alertsChanged();
  },
});

const table = new AlertTable({
  body: $('alerts-body'), empty: $('alerts-empty'), error: $('alerts-error'), heading: $('alerts-title'),
  filter: $('status-filter'), previous: $('page-previous'), next: $('page-next'), pageInfo: $('page-info'),
  dialog: $('delete-dialog'), dialogText: $('delete-text'), dialogError: $('delete-error'),
  confirm: $('delete-confirm'), cancel: $('delete-cancel'),
}, {
  deleted(alert) {
    settled.add(alert.id);
    alertForm.stopEditing(alert.id); // deleted here: nothing left to say about it
    notices.show(`Alert #${alert.id} deleted.`);
    alertsChanged();
  },
  changed(alert) {
    alertForm.changed(alert);
    notices.show(`Alert #${alert.id} ${alert.status === 'paused' ? 'paused' : 'resumed'}.`);
    alertsChanged();
  },
  edit: (alert) => alertForm.edit(alert),
});

const channels = new ChannelList({
  list: $('channels-list'), error: $('channels-error'), secret: $('channel-secret'), form: $('channel-form'),
  type: $('channel-type'), destination: $('channel-destination'), name: $('channel-name'),
  choice: $('alert-channels'),
});

const quietSettings = new QuietSettings({
  form: $('quiet-form'), timezone: $('quiet-timezone'), start: $('quiet-start'), end: $('quiet-end'),
  digest: $('digest-seconds'), message: $('quiet-message'),
});

const authForm = new AuthForm({
  form: $('auth-form'), email: $('auth-email'), password: $('auth-password'), message: $('auth-message'),
  buttons: [$('login-button'), $('signup-button')],
}, (tokenResponse) => {
  try {
    session.start(tokenResponse);
  } catch {
    authForm.reset('The server sent a token this page cannot read. Please try again.');
    return;
  }
  enterDashboard();
});

const forgot = new ForgotPassword({
  toggle: $('forgot-button'), form: $('forgot-form'), email: $('forgot-email'), message: $('forgot-message'),
  send: $('forgot-send'),
}, () => authForm.ui.email.value.trim());

const resetScreen = new ResetScreen({
  form: $('reset-form'), title: $('reset-title'), password: $('reset-password'), message: $('reset-message'),
  save: $('reset-save'), cancel: $('reset-cancel'),
}, {
  done: (message) => signOut(message, 'notice'),
  cancel: () => signOut(),
});

const accountCard = new AccountCard({
  passwordForm: $('password-form'), current: $('current-password'), replacement: $('new-password'),
  passwordSave: $('password-save'), passwordMessage: $('password-message'), exportButton: $('export-button'),
  exportMessage: $('export-message'), deleteButton: $('delete-account-button'), dialog: $('account-dialog'),
  deleteForm: $('account-delete-form'), deletePassword: $('account-delete-password'),
  deleteConfirm: $('account-delete-confirm'), deleteCancel: $('account-delete-cancel'),
  deleteError: $('account-delete-error'),
}, {
  onToken(tokenResponse) {
    try {
      session.start(tokenResponse);
    } catch {
      session.expire();
    }
  },
  onDeleted() {
    session.logOut();
    authForm.ui.email.value = '';
    signOut('Your account and everything in it were deleted.', 'notice');
  },
});

// "BTC-USD on Coinbase": an alert's (or a firing's) symbol with its exchange.
function market(item) {
  return marketWords(exchangeOf(item), item.symbol);
}

// The exchange and symbol of an alert, as the price board takes them.
const marketOf = (alert) => ({ exchange: exchangeOf(alert), symbol: alert.symbol });

// Every page of the user's alerts of one status.
async function allAlerts(status) {
  const alerts = [];
  for (let page = 1; page <= 100; page += 1) {
    const answer = await listAlerts({ status, page, pageSize: 100 });
    alerts.push(...answer.results);
    if (!answer.next) break;
  }
  return alerts;
}

// The lines on each chart (by marketKey): the open (created or paused) alerts that have a price.
function levelsOf(alerts) {
  const levels = new Map();
  for (const alert of alerts) {
    if (isMoving(alert.condition) || alert.price === null) continue;
    const key = marketKey(exchangeOf(alert), alert.symbol);
    if (!levels.has(key)) levels.set(key, []);
    levels.get(key).push({ id: alert.id, price: Number(alert.price), text: groupDigits(alert.price),
      condition: alert.condition, paused: alert.status === 'paused', words: conditionWords(alert) });
  }
  return levels;
}

// The watched markets (those of the user's created alerts) and the levels on their charts.
let symbolsLoading = false;
let symbolsAgain = false;
async function refreshSymbols() {
  if (symbolsLoading) {
    symbolsAgain = true; // one more load after this one, for the change that came meanwhile
    return;
  }
  symbolsLoading = true;
  const mine = generation;
  try {
    const [active, paused] = await Promise.all([allAlerts('created'), allAlerts('paused')]);
    if (mine === generation) {
      const created = new Set(active.map((alert) => alert.id));
      board.setMarkets(active.map(marketOf), [...firedMarkets.values()]);
      board.setLevels(levelsOf([...active, ...paused]));
      const gone = [...knownCreated].filter((id) => !created.has(id) && !settled.has(id));
      knownCreated = created;
      gone.forEach(checkEnded);
    }
  } catch {
    // Keep the cards as they are; the next change or reconnect loads them again.
  } finally {
    symbolsLoading = false;
  }
  if (symbolsAgain && mine === generation) {
    symbolsAgain = false;
    refreshSymbols();
  }
}

function alertsChanged() {
  table.refresh();
  refreshSymbols();
}

// Every firing the page learns of is said the same ways: a notice, the recent firings panel, and
// in a background tab the title, a notification and the sound the person chose.
function announce(text, tag) {
  notices.show(text, 'fired');
  signals.fired(text, tag);
}

function announceFired(alert) {
  settled.add(alert.id);
  firedMarkets.set(marketKey(exchangeOf(alert), alert.symbol), marketOf(alert));
  const price = alert.triggered_price ?? alert.price;
  if (!recent.seen(alert, price, alert.triggered_at)) return; // the catch-up said it already
  announce(`Alert #${alert.id} fired: ${market(alert)} reached ${groupDigits(price)}`, `alert-${alert.id}`);
}

// A recurring alert fired and stays active: one notice per firing.
function announceRecurring(alert) {
  const times = alert.fire_count === 1 ? 'once' : `${alert.fire_count} times`;
  if (!recent.seen(alert, alert.last_fired_price, alert.last_fired_at)) return;
  announce(`Alert #${alert.id} fired: ${market(alert)} reached ${groupDigits(alert.last_fired_price)} (${times} so far)`,
    `alert-${alert.id}-${alert.fire_count}`);
}

// A firing found by the catch-up (the tab slept, or the events stream was down when it came).
function announceMissed(firing) {
  announce(`Alert #${firing.alert_id} fired: ${market(firing)} reached ${groupDigits(firing.price)}`,
    `firing-${firing.id}`);
  alertsChanged();
}

// Whenever the tab may have slept or been offline: what fired meanwhile.
function catchUp() {
  if (events) recent.catchUp();
}
document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') catchUp(); });
document.addEventListener('resume', catchUp); // Page Lifecycle: a frozen tab thawed
window.addEventListener('pageshow', (event) => { if (event.persisted) catchUp(); });
window.addEventListener('online', catchUp);

// A created alert left the list with no event seen (it came while the stream was down):
// if it fired or expired, say so as the event would have.
async function checkEnded(id) {
  const mine = generation;
  try {
    const alert = await getAlert(id);
    if (mine !== generation || settled.has(id)) return;
    if (alert.status === 'paused') return; // may come back: not settled
    settled.add(id);
    if (alert.status === 'triggered') {
      announceFired(alert);
      refreshSymbols(); // keep its symbol's card
    } else if (alert.status === 'expired') {
      notices.show(`Alert #${alert.id} expired.`);
    }
  } catch {
    // Gone or unreachable: nothing to announce.
  }
}

function alertEvent({ type, alert }) {
  if (!alert) return;
  table.update(alert); // on screen at once; the refresh below brings the page up to date
  alertForm.changed(alert);
  if (type === 'triggered' && !settled.has(alert.id)) announceFired(alert); // once, if a check beat it
  if (type === 'fired') announceRecurring(alert);
  if (type === 'triggered' || type === 'fired') table.fired(alert);
  if (type === 'expired' && !settled.has(alert.id)) {
    settled.add(alert.id);
    notices.show(`Alert #${alert.id} expired.`);
  }
  if (type === 'deleted') settled.add(alert.id);
  alertsChanged();
}

function showScreen(signedIn, resetting = false) {
  $('reset-screen').hidden = signedIn || !resetting;
  $('auth-screen').hidden = signedIn || resetting;
  $('app-screen').hidden = !signedIn;
  $('account').hidden = !signedIn;
  signals.setTitle(signedIn ? 'Your alerts · pricewatch' : 'Log in · pricewatch');
}

function enterDashboard() {
  generation += 1;
  const mine = generation;
  firedMarkets.clear();
  knownCreated = new Set();
  settled.clear();
  recent.reset();
  recent.load();
  $('user-email').textContent = session.email();
  showScreen(true);
  table.reset();
  alertForm.reset();
  alertForm.follow(true);
  feed.reset();
  table.go(1);
  channels.reset();
  channels.load();
  accountCard.reset();
  quietSettings.load();
  refreshSymbols();
  let connectedBefore = false;
  events = followAlertEvents(() => session.token(), {
    onAlert: alertEvent,
    onConnected() {
      feed.setEvents('open');
      // After a drop, events may have been missed: load everything again.
      if (connectedBefore && mine === generation) {
        alertsChanged();
        recent.catchUp();
      }
      connectedBefore = true;
    },
    onDisconnected: () => feed.setEvents('lost'),
    async onUnauthorized() {
      if ((await session.renew()) === 'renewed') return true;
      session.expire();
      return false;
    },
  });
  $('app-title').focus();
}

// Logout (no message), expiry (with the message) and the account's end all come here.
function signOut(message = '', tone = 'error') {
  generation += 1;
  if (!authForm.ui.email.value) authForm.ui.email.value = session.email(); // to log in again quickly
  if (events) events.stop();
  events = null;
  firedMarkets.clear();
  knownCreated = new Set();
  settled.clear();
  recent.reset();
  signals.clearUnseen();
  session.end();
  board.stop();
  table.reset();
  alertForm.reset();
  alertForm.follow(false);
  notices.clear();
  accountCard.reset();
  forgot.open(false);
  $('user-email').textContent = '';
  showScreen(false);
  authForm.reset(message, tone);
  (authForm.ui.email.value ? authForm.ui.password : authForm.ui.email).focus();
}

configureApi({
  token: session.token,
  renew: async () => (await session.renew()) === 'renewed',
  unauthorized: () => session.expire(),
});
session.onExpiry(() => signOut(EXPIRED));
$('logout').addEventListener('click', () => {
  session.logOut();
  signOut();
});

// A reset link opened in this tab while it shows the app (only the fragment changed).
window.addEventListener('hashchange', () => {
  const token = takeResetToken();
  if (!token) return;
  if (session.token()) signOut();
  showScreen(false, true);
  resetScreen.show(token);
});

// Opened from a reset link: the new password first, whatever session this tab had.
const resetToken = takeResetToken();
if (resetToken) {
  showScreen(false, true);
  resetScreen.show(resetToken);
} else {
  const restored = await session.restore();
  if (restored === 'active') enterDashboard();
  else if (restored === 'expired') signOut(EXPIRED);
  else showScreen(false);
}
