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
  chart: (symbol) => page.locator(`canvas[aria-label="${symbol} price chart"]`),
  symbol: page.getByLabel('Symbol', { exact: true }),
  condition: page.getByLabel('Condition', { exact: true }),
  target: page.getByLabel('Price', { exact: true }),
  createButton: page.getByRole('button', { name: 'Create alert', exact: true }),
  table: page.getByRole('table', { name: 'Your alerts' }),
  rows: page.locator('[data-testid^="alert-row-"]'),
  row: (id) => page.getByTestId(`alert-row-${id}`),
  status: (id) => page.getByTestId(`alert-status-${id}`),
  deleteButton: (id) => page.getByRole('button', { name: `Delete alert ${id}`, exact: true }),
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

/** Fills and submits the create form, waits for the new row, and returns its alert id. */
export async function createAlertInUi(page, { symbol, condition, price }) {
  const app = ui(page);
  const before = new Set(await rowIds(page));
  await app.symbol.fill(symbol);
  await app.condition.selectOption(condition);
  await app.target.fill(price);
  await app.createButton.click();
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
