// Smoke test: the binary serves the app at / and the auth screen (Email, Password, Log in,
// Sign up) shows without console errors.
import assert from 'node:assert/strict';

import { ui } from '../lib/app.mjs';
import { browserSuite } from '../lib/suite.mjs';

const suite = browserSuite('smoke');

suite.test('loads / with its title and the auth screen', async ({ page, shot }) => {
  const response = await page.goto('/');
  assert.equal(response.status(), 200);
  assert.match(await page.title(), /pricewatch/i);
  const app = ui(page);
  for (const control of [app.email, app.password, app.logInButton, app.signUpButton]) await control.waitFor();
  assert.equal(await app.logOutButton.count(), 0, 'no "Log out" before logging in');
  await shot('auth-screen');
});
