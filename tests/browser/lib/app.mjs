// The browser app as the UI contract describes it, through Playwright locators by role, label
// and test id: the auth screen, the signed-in header, prices, the create form and the alerts
// table. Actions wait for their visible outcome, never for a fixed time.
import { eventually } from './wait.mjs';

export const SESSION_EXPIRED = 'Your session has expired. Please log in again.';

/** @param {import('playwright-core').Page} page */
export const ui = (page) => ({
  email: page.getByLabel('Email', { exact: true }),
  password: page.getByLabel('Password', { exact: true }),
  logInButton: page.getByRole('button', { name: 'Log in', exact: true }),
  signUpButton: page.getByRole('button', { name: 'Sign up', exact: true }),
  logOutButton: page.getByRole('button', { name: 'Log out', exact: true }),
  alerts: page.getByRole('alert'),
  feedStatus: page.getByTestId('feed-status'),
  price: (symbol) => page.getByTestId(`price-${symbol}`),
  chart: (symbol, exchange = 'Binance') => page.locator(`canvas[aria-label="${symbol} on ${exchange} price chart"]`),
  change: (symbol) => page.getByTestId(`change-${symbol}`),
  levels: (symbol) => page.getByTestId(`levels-${symbol}`),
  formTitle: page.locator('#form-title'),
  exchange: page.getByLabel('Exchange', { exact: true }),
  symbol: page.getByLabel('Symbol', { exact: true }),
  symbolHint: page.getByTestId('symbol-hint'),
  quote: page.getByTestId('symbol-quote'),
  quotePrice: page.getByTestId('quote-price'),
  quoteChange: page.getByTestId('quote-change'),
  condition: page.getByLabel('Condition', { exact: true }),
  target: page.getByLabel('Price', { exact: true }),
  percent: page.getByLabel('Percent', { exact: true }),
  window: page.getByLabel('Within', { exact: true }),
  frequency: page.getByLabel('How often', { exact: true }),
  cooldown: page.getByLabel('At most once per', { exact: true }),
  until: page.getByLabel('Until', { exact: true }),
  note: page.getByLabel('Note', { exact: true }),
  summary: page.getByTestId('alert-summary'),
  createButton: page.getByRole('button', { name: 'Create alert', exact: true }),
  saveButton: page.getByRole('button', { name: 'Save changes', exact: true }),
  cancelEdit: page.locator('#edit-cancel'),
  table: page.getByRole('table', { name: 'Your alerts' }),
  rows: page.locator('[data-testid^="alert-row-"]'),
  row: (id) => page.getByTestId(`alert-row-${id}`),
  rowExchange: (id) => page.getByTestId(`alert-exchange-${id}`),
  status: (id) => page.getByTestId(`alert-status-${id}`),
  deleteButton: (id) => page.getByRole('button', { name: `Delete alert ${id}`, exact: true }),
  editButton: (id) => page.getByRole('button', { name: `Edit alert ${id}`, exact: true }),
  pauseButton: (id) => page.getByRole('button', { name: `Pause alert ${id}`, exact: true }),
  resumeButton: (id) => page.getByRole('button', { name: `Resume alert ${id}`, exact: true }),
  historyButton: (id) => page.getByRole('button', { name: `History of alert ${id}`, exact: true }),
  history: (id) => page.getByTestId(`history-${id}`),
  fireCount: (id) => page.getByTestId(`fire-count-${id}`),
  nextFire: (id) => page.getByTestId(`next-fire-${id}`),
  dialog: page.getByRole('dialog'),
  statusFilter: page.getByLabel('Status', { exact: true }),
  previous: page.getByRole('button', { name: 'Previous', exact: true }),
  next: page.getByRole('button', { name: 'Next', exact: true }),
  pageInfo: page.getByTestId('page-info'),
  notice: (id) => page.getByRole('status').filter({ hasText: `Alert #${id} fired` }),
});

/** Waits for the signed-in screen of `email`: the email shown and a "Log out" button. */
export async function waitForSignedIn(page, email) {
  const app = ui(page);
  await app.logOutButton.waitFor();
  await page.getByText(email, { exact: true }).first().waitFor();
}

async function submitAuth(page, email, password, button) {
  const app = ui(page);
  await app.email.fill(email);
  await app.password.fill(password);
  await button(app).click();
}

/** Signs up through the form; the app logs in by itself. */
export async function signUpInUi(page, email, password) {
  await submitAuth(page, email, password, (app) => app.signUpButton);
  await waitForSignedIn(page, email);
}

export async function logInInUi(page, email, password) {
  await submitAuth(page, email, password, (app) => app.logInButton);
  await waitForSignedIn(page, email);
}

/** The ids of the alert rows now in the table. */
export async function rowIds(page) {
  const testIds = await ui(page).rows.evaluateAll((rows) => rows.map((row) => row.dataset.testid));
  return testIds.map((testId) => Number(testId.replace('alert-row-', '')));
}

/** "51000.5" -> "51,000.5": a price as the app shows it (English separators, the exact digits). */
export function grouped(text) {
  const [whole, fraction] = String(text).split('.');
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (fraction === undefined ? '' : `.${fraction}`);
}

/**
 * Fills the form's fields that are given (exchange by its API name; price for levels; percent and window for moves;
 * frequency, cooldown in seconds, until as YYYY-MM-DD, note), as a person would, in the form's order.
 */
export async function fillAlertForm(page, { exchange, symbol, condition, price, percent, window, frequency, cooldown, until, note }) {
  const app = ui(page);
  if (exchange !== undefined) await app.exchange.selectOption(exchange);
  if (symbol !== undefined) await app.symbol.fill(symbol);
  if (condition !== undefined) await app.condition.selectOption(condition);
  if (price !== undefined) await app.target.fill(price);
  if (percent !== undefined) await app.percent.fill(percent);
  if (window !== undefined) await app.window.selectOption(window);
  if (frequency !== undefined) await app.frequency.selectOption(frequency);
  if (cooldown !== undefined) await app.cooldown.selectOption(String(cooldown));
  if (until !== undefined) await app.until.fill(until);
  if (note !== undefined) await app.note.fill(note);
}

/** Fills and submits the create form, waits for the new row, and returns its alert id. */
export async function createAlertInUi(page, fields) {
  const app = ui(page);
  const before = new Set(await rowIds(page));
  await fillAlertForm(page, fields);
  await app.createButton.click();
  const { symbol, condition, price } = fields;
  const fresh = await eventually(async () => {
    const ids = (await rowIds(page)).filter((id) => !before.has(id));
    return ids.length === 1 ? ids : null;
  }, { message: `one new alert row after creating ${symbol} ${condition} ${price}` });
  return fresh[0];
}

/** The texts of every status cell in the table, in row order. */
export async function statusTexts(page) {
  return page.locator('[data-testid^="alert-status-"]').evaluateAll((cells) => cells.map((cell) => cell.textContent.trim()));
}

/** Replaces every JWT stored in sessionStorage (whatever the key or wrapping) by `token`. */
export async function replaceStoredToken(page, token) {
  return page.evaluate((replacement) => {
    let replaced = 0;
    for (let i = 0; i < sessionStorage.length; ++i) {
      const key = sessionStorage.key(i);
      const value = sessionStorage.getItem(key);
      const next = value.replace(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/g, () => {
        ++replaced;
        return replacement;
      });
      sessionStorage.setItem(key, next);
    }
    return replaced;
  }, token);
}
