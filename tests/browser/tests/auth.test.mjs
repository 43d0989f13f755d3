// Signing up, logging in and out, errors on the auth screen in role="alert", the session kept
// across a reload, and the keyboard path: Tab to Email, type, submit the form with Enter.
import assert from 'node:assert/strict';

import { signUp } from '../lib/api.mjs';
import { logInInUi, signUpInUi, ui, waitForSignedIn } from '../lib/app.mjs';
import { browserSuite } from '../lib/suite.mjs';
import { eventually } from '../lib/wait.mjs';

const suite = browserSuite('auth');
const PASSWORD = 'correct-horse-battery-9';

suite.test('signing up logs in, shows the email and "Log out"; logging out and in again works', async ({ page, shot }) => {
  await page.goto('/');
  await shot('auth-screen');
  await signUpInUi(page, 'ada@example.com', PASSWORD);
  await shot('signed-in-empty');

  const app = ui(page);
  await app.logOutButton.click();
  await app.email.waitFor();
  await app.logInButton.waitFor();
  assert.equal(await app.logOutButton.count(), 0, '"Log out" is gone after logging out');
  await shot('logged-out');

  await logInInUi(page, 'ada@example.com', PASSWORD);
  await shot('logged-in-again');
});

suite.test('a wrong password shows an error in role="alert" and stays on the auth screen', async ({ page, system, shot }) => {
  await signUp(system.baseUrl, 'bob@example.com', PASSWORD);
  await page.goto('/');
  const app = ui(page);
  await app.email.fill('bob@example.com');
  await app.password.fill('not-the-password');
  await app.logInButton.click();
  await app.alerts.first().waitFor();
  assert.notEqual((await app.alerts.first().innerText()).trim(), '', 'the alert has a message');
  assert.equal(await app.logOutButton.count(), 0);
  await shot('wrong-password');
}, { allowStatuses: [401] });

suite.test('signing up with a taken email shows an error in role="alert"', async ({ page, system, shot }) => {
  await signUp(system.baseUrl, 'carol@example.com', PASSWORD);
  await page.goto('/');
  const app = ui(page);
  await app.email.fill('carol@example.com');
  await app.password.fill(PASSWORD);
  await app.signUpButton.click();
  await app.alerts.first().waitFor();
  assert.equal(await app.logOutButton.count(), 0);
  await shot('email-taken');
}, { allowStatuses: [409] });

suite.test('the session survives a reload, reaches a new tab through the refresh cookie, and ends in both at logout',
  async ({ page, context, system }) => {
  await signUp(system.baseUrl, 'dan@example.com', PASSWORD);
  await page.goto('/');
  await logInInUi(page, 'dan@example.com', PASSWORD);
  await page.reload();
  await waitForSignedIn(page, 'dan@example.com');
  assert.doesNotMatch(page.url(), /eyJ/, 'no token in the URL');

  // sessionStorage belongs to one tab, but the session's refresh cookie to the browser: a second
  // tab renews its own access token from it (issue 16: no logging in again all day).
  const other = await context.newPage();
  await other.goto('/');
  await waitForSignedIn(other, 'dan@example.com');
  // Logging out ends the session itself: a tab opened afterwards starts at the auth screen.
  await ui(other).logOutButton.click();
  await ui(other).email.waitFor();
  const third = await context.newPage();
  await third.goto('/');
  await ui(third).email.waitFor();
  assert.equal(await ui(third).logOutButton.count(), 0);
  await other.close();
  await third.close();
});

suite.test('keyboard: Tab reaches Email, and Enter submits the login form', async ({ page, system, shot }) => {
  await signUp(system.baseUrl, 'erin@example.com', PASSWORD);
  await page.goto('/');
  const app = ui(page);
  await app.email.waitFor();
  const emailFocused = () => app.email.evaluate((input) => document.activeElement === input);
  let presses = 0;
  while (!(await emailFocused())) {
    assert.ok(presses < 10, 'Email is reached within 10 Tab presses');
    await page.keyboard.press('Tab');
    ++presses;
  }
  await page.keyboard.type('erin@example.com');
  await page.keyboard.press('Tab');
  await eventually(() => app.password.evaluate((input) => document.activeElement === input),
    { message: 'Tab to move from Email to Password', timeout: 2000 });
  await page.keyboard.type(PASSWORD);
  await shot('keyboard-filled');
  await page.keyboard.press('Enter');
  await waitForSignedIn(page, 'erin@example.com');
});
