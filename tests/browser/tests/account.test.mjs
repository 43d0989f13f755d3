// Sessions and the account (issue 16) in the app. The access token is renewed through the
// HttpOnly refresh cookie before it expires, with a half-typed alert left as it was (the page's
// clock is moved 29 minutes on); a tab reloaded with an expired token is renewed; logging out
// ends the session.
// The Account card: password change (another session ends), export (a download), deletion with a
// confirmation dialog; "Forgot your password?" mails a link, whose page sets a new password.
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';

import { logIn, rawGet, signUp } from '../lib/api.mjs';
import { fillAlertForm, logInInUi, replaceStoredToken, rowIds, ui } from '../lib/app.mjs';
import { readMails } from '../lib/maildir.mjs';
import { expiredAccessToken } from '../lib/jwt.mjs';
import { browserSuite } from '../lib/suite.mjs';
import { eventually } from '../lib/wait.mjs';

const suite = browserSuite('account');
const PASSWORD = 'correct-horse-battery-9';

const storedToken = (page) => page.evaluate(() => JSON.parse(sessionStorage.getItem('pricewatch.session') || '{}').token);

suite.test('the token is renewed before it expires and a half-typed alert stays as it was', async ({ page, system, shot }) => {
  await page.clock.install();
  await page.goto('/');
  await signUp(system.baseUrl, 'nia@example.com', PASSWORD);
  await logInInUi(page, 'nia@example.com', PASSWORD);
  const first = await storedToken(page);
  assert.equal((await page.context().cookies()).filter((c) => c.name === 'pricewatch_refresh' && c.httpOnly).length, 1,
    'the refresh token is in an HttpOnly cookie');
  assert.equal(await page.evaluate(() => document.cookie.includes('pricewatch_refresh')), false, 'script cannot read it');

  await fillAlertForm(page, { symbol: 'ETHUSDT', condition: 'below', price: '2,500', note: 'half-typed, not sent' });
  const renewal = page.waitForResponse((response) => response.url().endsWith('/api/v1/tokens/refresh'));
  await page.clock.fastForward('29:30'); // past the renewal point, a minute before the 30-minute expiry
  assert.equal((await renewal).status(), 200);
  await eventually(async () => (await storedToken(page)) !== first, { message: 'a new access token in the tab' });

  const app = ui(page);
  assert.equal(await app.symbol.inputValue(), 'ETHUSDT');
  assert.equal(await app.condition.inputValue(), 'below');
  assert.equal(await app.target.inputValue(), '2,500');
  assert.equal(await app.note.inputValue(), 'half-typed, not sent');
  assert.ok(await app.logOutButton.isVisible(), 'still signed in');
  await shot('renewed-form-kept');
  const before = new Set(await rowIds(page));
  await app.createButton.click();
  await eventually(async () => (await rowIds(page)).some((id) => !before.has(id)), { message: 'the alert created' });
});

suite.test('a tab reloaded with an expired token is renewed from the cookie', async ({ page, system }) => {
  await signUp(system.baseUrl, 'oli@example.com', PASSWORD);
  await page.goto('/');
  await logInInUi(page, 'oli@example.com', PASSWORD);
  const user = { email: 'oli@example.com', id: JSON.parse(atob((await storedToken(page)).split('.')[1])).user_id };
  // As after a laptop slept past the expiry: the tab still holds a token the API refuses.
  assert.ok(await replaceStoredToken(page, expiredAccessToken(user, system.secret)) >= 1);
  await page.reload();
  await ui(page).logOutButton.waitFor();
  const token = await storedToken(page);
  assert.equal((await rawGet(system.baseUrl, '/api/v1/alerts', token)).status, 200, 'renewed at load, from the cookie');
}, { allowStatuses: [401] });

suite.test('logging out ends the session: a reload does not sign in again', async ({ page, system }) => {
  await signUp(system.baseUrl, 'pat@example.com', PASSWORD);
  await page.goto('/');
  await logInInUi(page, 'pat@example.com', PASSWORD);
  await ui(page).logOutButton.click();
  await ui(page).logInButton.waitFor();
  await eventually(async () => (await page.context().cookies()).every((c) => c.name !== 'pricewatch_refresh'),
    { message: 'the refresh cookie removed' });
  await page.reload();
  await ui(page).logInButton.waitFor();
  assert.equal(await ui(page).logOutButton.isVisible(), false);
});

suite.test('the Account card: change the password, download the data, delete the account', async ({ page, system, shot }) => {
  await signUp(system.baseUrl, 'quinn@example.com', PASSWORD);
  const elsewhere = await logIn(system.baseUrl, 'quinn@example.com', PASSWORD);
  await page.goto('/');
  await logInInUi(page, 'quinn@example.com', PASSWORD);

  await page.getByLabel('Current password', { exact: true }).fill('not my password');
  await page.getByLabel('New password', { exact: true }).fill('a much newer password');
  await page.getByRole('button', { name: 'Change password', exact: true }).click();
  await page.getByText('The password is not correct.').waitFor();
  await page.getByLabel('Current password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('New password', { exact: true }).fill('a much newer password');
  await page.getByRole('button', { name: 'Change password', exact: true }).click();
  await page.getByText('Password changed. Your other sessions have ended.').waitFor();
  await shot('password-changed');
  assert.equal((await rawGet(system.baseUrl, '/api/v1/alerts', elsewhere)).status, 401, 'the other session ended');
  assert.equal((await rawGet(system.baseUrl, '/api/v1/alerts', await storedToken(page))).status, 200, 'this one goes on');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download my data', exact: true }).click();
  const file = await download;
  assert.equal(file.suggestedFilename(), 'pricewatch-export.json');
  const exported = JSON.parse(await fs.readFile(await file.path(), 'utf8'));
  assert.equal(exported.account.email, 'quinn@example.com');
  assert.ok(Array.isArray(exported.alerts) && Array.isArray(exported.channels));

  await page.getByRole('button', { name: 'Delete my account…', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete your account?' });
  await dialog.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'account-delete-password', 'focus in the dialog');
  await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await page.evaluate(() => document.activeElement.id), 'delete-account-button', 'focus back');
  await page.getByRole('button', { name: 'Delete my account…', exact: true }).click();
  await dialog.getByLabel('Your password', { exact: true }).fill('a much newer password');
  await shot('delete-confirmation');
  await dialog.getByRole('button', { name: 'Delete my account', exact: true }).click();
  await page.getByText('Your account and everything in it were deleted.').waitFor();
  await ui(page).logInButton.waitFor();
  const gone = await fetch(`${system.baseUrl}/api/v1/tokens`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'quinn@example.com', password: 'a much newer password' }) });
  assert.equal(gone.status, 401, 'the account is gone');
}, { allowStatuses: [400] });

suite.test('forgot password: a link is mailed, its page sets a new password', async ({ page, system, shot }) => {
  await signUp(system.baseUrl, 'rae@example.com', PASSWORD);
  await page.goto('/');
  await page.getByRole('button', { name: 'Forgot your password?', exact: true }).click();
  const field = page.getByLabel("Your account's email", { exact: true });
  assert.equal(await page.evaluate(() => document.activeElement.id), 'forgot-email', 'focus on the address');
  await field.fill('rae@example.com');
  await page.getByRole('button', { name: 'Send the link', exact: true }).click();
  await page.getByText('If an account has this email address').waitFor();
  await shot('reset-requested');
  const mail = await eventually(async () => (await readMails(system.maildir))
    .find((each) => each.headers.subject === 'Reset your pricewatch password'), { timeout: 15_000, message: 'the reset mail' });
  const text = mail.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
  const link = text.match(/https?:\/\/[^\s"<>]+#reset=[0-9a-f]{64}/)[0];

  await page.goto(link);
  await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
  assert.equal(new URL(page.url()).hash, '', 'the token leaves the address bar');
  await page.getByLabel('Your new password', { exact: true }).fill('short');
  await page.getByRole('button', { name: 'Set the new password', exact: true }).click();
  await page.getByRole('alert').filter({ hasText: '8' }).waitFor();
  await page.getByLabel('Your new password', { exact: true }).fill('reset and remembered');
  await page.getByRole('button', { name: 'Set the new password', exact: true }).click();
  await page.getByText('Your password was changed. Log in with the new one.').waitFor();
  await shot('reset-done');
  await logInInUi(page, 'rae@example.com', 'reset and remembered');
});
