// The alerts table: pages of 10 with "Previous"/"Next" and "Page X of Y", the "Status" filter
// (all/created/triggered/deleted), and deleting through the confirmation dialog (Cancel keeps
// the alert, Delete deletes it). Data is arranged through the API, checked against the API.
import assert from 'node:assert/strict';

import { createAlert, deleteAlert, getAlert, listAlerts, logIn, signUp } from '../lib/api.mjs';
import { logInInUi, rowIds, statusTexts, ui } from '../lib/app.mjs';
import { pushPrice, waitForSubscription } from '../lib/exchange.mjs';
import { browserSuite } from '../lib/suite.mjs';
import { eventually, expectText } from '../lib/wait.mjs';

const suite = browserSuite('list');
const PASSWORD = 'correct-horse-battery-9';

async function newUser(system, email) {
  await signUp(system.baseUrl, email, PASSWORD);
  return logIn(system.baseUrl, email, PASSWORD);
}

/** Waits until the table shows exactly `ids`, in that order. */
async function expectRows(page, ids, what) {
  let seen;
  await eventually(async () => {
    seen = await rowIds(page);
    return JSON.stringify(seen) === JSON.stringify(ids);
  }, { message: `${what}: rows ${JSON.stringify(ids)} (saw ${JSON.stringify(seen)})` });
}

/** A Previous/Next button that cannot be used: disabled or not shown. */
async function unusable(button) {
  return (await button.count()) === 0 || !(await button.isVisible()) || (await button.isDisabled());
}

suite.test('pages of 10 with Next, Previous and "Page X of Y"', async ({ page, system, shot }) => {
  const token = await newUser(system, 'heidi@example.com');
  for (let i = 0; i < 12; ++i) {
    await createAlert(system.baseUrl, token, { symbol: 'BTCUSDT', condition: 'below', price: String(1000 + i) });
  }
  const first = (await listAlerts(system.baseUrl, token, '?page_size=10')).results.map((alert) => alert.id);
  const second = (await listAlerts(system.baseUrl, token, '?page_size=10&page=2')).results.map((alert) => alert.id);
  assert.equal(first.length, 10);
  assert.equal(second.length, 2);

  await page.goto('/');
  await logInInUi(page, 'heidi@example.com', PASSWORD);
  const app = ui(page);
  await expectText(app.pageInfo, 'Page 1 of 2');
  await expectRows(page, first, 'page 1');
  assert.ok(await unusable(app.previous), '"Previous" cannot be used on page 1');
  await shot('page-1');

  await app.next.click();
  await expectText(app.pageInfo, 'Page 2 of 2');
  await expectRows(page, second, 'page 2');
  assert.ok(await unusable(app.next), '"Next" cannot be used on the last page');
  await shot('page-2');

  await app.previous.click();
  await expectText(app.pageInfo, 'Page 1 of 2');
  await expectRows(page, first, 'page 1 again');
});

suite.test('the Status filter shows only alerts of that status', async ({ page, system, shot }) => {
  const token = await newUser(system, 'ivan@example.com');
  const make = (symbol, condition, price) => createAlert(system.baseUrl, token, { symbol, condition, price });
  const fired = (await make('SOLUSDT', 'above', '200')).id;
  await make('SOLUSDT', 'below', '10');
  const gone = (await make('ADAUSDT', 'below', '0.1')).id;
  await make('ADAUSDT', 'above', '5');
  await deleteAlert(system.baseUrl, token, gone);
  await waitForSubscription(system.exchangeUrl, 'SOLUSDT');
  await pushPrice(system.exchangeUrl, 'SOLUSDT', '201');
  await eventually(async () => (await getAlert(system.baseUrl, token, fired)).status === 'triggered',
    { message: `alert ${fired} to fire` });

  await page.goto('/');
  await logInInUi(page, 'ivan@example.com', PASSWORD);
  const app = ui(page);
  for (const status of ['triggered', 'created', 'deleted', 'all']) {
    await app.statusFilter.selectOption(status);
    const query = status === 'all' ? '' : `?status=${status}`;
    const expected = (await listAlerts(system.baseUrl, token, query)).results.map((alert) => alert.id);
    if (status !== 'all') assert.ok(expected.length > 0, `the API lists some ${status} alerts`);
    await expectRows(page, expected, `status ${status}`);
    if (status !== 'all') {
      const word = status === 'created' ? 'active' : status; // the app's word for the API's
      assert.deepEqual([...new Set(await statusTexts(page))], [word], `every status cell says ${word}`);
    }
    await shot(`filter-${status}`);
  }
});

suite.test('deleting asks for confirmation: Cancel keeps the alert, Delete deletes it', async ({ page, system, shot }) => {
  const token = await newUser(system, 'judy@example.com');
  const { id } = await createAlert(system.baseUrl, token, { symbol: 'BTCUSDT', condition: 'above', price: '99999' });
  await page.goto('/');
  await logInInUi(page, 'judy@example.com', PASSWORD);
  const app = ui(page);
  await expectText(app.status(id), 'active');

  await app.deleteButton(id).click();
  await app.dialog.waitFor();
  const cancel = app.dialog.getByRole('button', { name: 'Cancel', exact: true });
  const confirm = app.dialog.getByRole('button', { name: 'Delete', exact: true });
  await confirm.waitFor();
  await shot('delete-dialog');
  await cancel.click();
  await app.dialog.waitFor({ state: 'hidden' });
  await expectText(app.status(id), 'active');
  assert.equal((await getAlert(system.baseUrl, token, id)).status, 'created', 'Cancel deleted nothing');

  await app.deleteButton(id).click();
  await confirm.click();
  await app.dialog.waitFor({ state: 'hidden' });
  await eventually(async () => (await getAlert(system.baseUrl, token, id)).status === 'deleted',
    { message: `alert ${id} to be deleted` });
  const listed = (await listAlerts(system.baseUrl, token)).results.map((alert) => alert.id);
  if (listed.includes(id)) await expectText(app.status(id), 'deleted');
  else await app.row(id).waitFor({ state: 'detached' });
  await app.deleteButton(id).waitFor({ state: 'detached' });
  await shot('deleted');
});
