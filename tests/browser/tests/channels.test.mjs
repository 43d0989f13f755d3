// The Channels card (issue 14): the account's own email channel listed as the default; a webhook
// added with its secret shown once, tested (the service refuses a loopback destination by default,
// and the card says why), its secret rotated, then deleted; another email address waits for its
// confirmation link.
import assert from 'node:assert/strict';

import { listAlerts, logIn, signUp } from '../lib/api.mjs';
import { fillAlertForm, logInInUi, ui } from '../lib/app.mjs';
import { browserSuite } from '../lib/suite.mjs';
import { eventually, expectTextMatching } from '../lib/wait.mjs';

const suite = browserSuite('channels');
const PASSWORD = 'correct-horse-battery-9';

suite.test('add, test, rotate and delete channels', async ({ page, system, shot }) => {
  const email = 'channels@example.com';
  await signUp(system.baseUrl, email, PASSWORD);
  const token = await logIn(system.baseUrl, email, PASSWORD);
  await page.goto('/');
  await logInInUi(page, email, PASSWORD);
  const list = page.locator('#channels-list');
  await expectTextMatching(list, 'channels@example.com');
  await expectTextMatching(list, 'active · default');

  await page.selectOption('#channel-type', 'webhook');
  await page.fill('#channel-destination', 'http://127.0.0.1:9/hook');
  await page.fill('#channel-name', 'My hook');
  await page.click('#channel-add');
  const secret = page.locator('#channel-secret');
  await expectTextMatching(secret, 'whsec_');
  const first = await secret.textContent();
  const hook = list.locator('li', { hasText: 'My hook' });
  await hook.waitFor();
  await hook.getByRole('button', { name: 'Test' }).click();
  await expectTextMatching(hook, 'test failed: webhook: destination refused: 127.0.0.1 (loopback');
  await hook.getByRole('button', { name: 'Rotate secret' }).click();
  await eventually(async () => (await secret.textContent()) !== first, { message: 'a new secret is shown' });
  await shot('channels');

  // The alert form offers the channels: one ticked, the alert names it.
  const choice = page.locator('#alert-channels');
  await choice.getByLabel('My hook (webhook)').check();
  await fillAlertForm(page, { symbol: 'BTCUSDT', condition: 'above', price: '90000' });
  await ui(page).createButton.click();
  let listed;
  await eventually(async () => {
    listed = await listAlerts(system.baseUrl, token);
    return listed.results.length === 1;
  }, { message: 'the alert is created' });
  const hookId = Number(await hook.getAttribute('data-channel-id'));
  assert.deepEqual(listed.results[0].channels, [hookId]);

  await page.selectOption('#channel-type', 'email');
  await page.fill('#channel-destination', 'someone.else@example.com');
  await page.click('#channel-add');
  const other = list.locator('li', { hasText: 'someone.else@example.com' });
  await expectTextMatching(other, 'unverified');
  await other.getByRole('button', { name: 'Resend link' }).click();
  await expectTextMatching(other, 'confirmation link sent');

  // Quiet hours in the user's time zone, saved to the account.
  await page.fill('#quiet-timezone', 'Europe/Berlin');
  await page.fill('#quiet-start', '22:00');
  await page.fill('#quiet-end', '07:00');
  await page.selectOption('#digest-seconds', '300');
  await page.click('#quiet-save');
  await expectTextMatching(page.locator('#quiet-message'), 'Quiet from 22:00 to 07:00.');
  const me = await (await fetch(`${system.baseUrl}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } })).json();
  assert.deepEqual([me.timezone, me.quiet_hours, me.digest_seconds],
    ['Europe/Berlin', { start: '22:00', end: '07:00' }, 300]);

  await hook.getByRole('button', { name: 'Delete' }).click();
  await eventually(async () => (await list.locator('li', { hasText: 'My hook' }).count()) === 0,
    { message: 'the webhook is gone' });
  assert.equal(await list.locator('li').count(), 2);
});
