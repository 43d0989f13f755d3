// Each alert's life in the table (issue 13): edit it in the form, pause and resume it, delete it;
// its firing history (made to fire through the fake exchange); a recurring alert's count of
// firings and the moment it may fire again; the status filter's paused and expired alerts.
import assert from 'node:assert/strict';

import { alertFirings, createAlert, getAlert, listAlerts, logIn, signUp, updateAlert } from '../lib/api.mjs';
import { fillAlertForm, logInInUi, rowIds, statusTexts, ui } from '../lib/app.mjs';
import { pushPrice, waitForSubscription } from '../lib/exchange.mjs';
import { browserSuite } from '../lib/suite.mjs';
import { eventually, expectText, expectTextMatching } from '../lib/wait.mjs';

const suite = browserSuite('manage');
const PASSWORD = 'correct-horse-battery-9';

async function signedIn(page, system, email) {
  await signUp(system.baseUrl, email, PASSWORD);
  const token = await logIn(system.baseUrl, email, PASSWORD);
  await page.goto('/');
  await logInInUi(page, email, PASSWORD);
  return token;
}

async function expectRows(page, ids, what) {
  let seen;
  await eventually(async () => {
    seen = await rowIds(page);
    return JSON.stringify(seen) === JSON.stringify(ids);
  }, { message: `${what}: rows ${JSON.stringify(ids)} (saw ${JSON.stringify(seen)})` });
}

suite.test('edit an alert in the form, pause and resume it, then delete it', async ({ page, system, shot }) => {
  const email = 'editor@example.com';
  await signUp(system.baseUrl, email, PASSWORD);
  const token = await logIn(system.baseUrl, email, PASSWORD);
  const { id } = await createAlert(system.baseUrl, token, { symbol: 'BTCUSDT', condition: 'above', price: '90000' });
  await page.goto('/');
  await logInInUi(page, email, PASSWORD);
  const app = ui(page);
  await expectText(app.status(id), 'active');

  // Edit: the form holds the alert, says so, and saving changes it in place.
  await app.editButton(id).click();
  await expectText(app.formTitle, `Edit alert #${id}`);
  assert.equal(await app.symbol.inputValue(), 'BTCUSDT');
  assert.equal(await app.condition.inputValue(), 'above');
  assert.equal(await app.target.inputValue(), '90000');
  await app.saveButton.waitFor();
  await fillAlertForm(page, { condition: 'crossing_up', price: '95000', frequency: 'every_time', cooldown: 300, note: 'to the moon' });
  await expectText(app.summary, 'Email me when BTCUSDT on Binance crosses up 95,000, every time, at most once per 5 minutes.');
  await shot('editing');
  await app.saveButton.click();
  await expectText(app.formTitle, 'New alert');
  await expectTextMatching(app.row(id), 'crosses up 95,000');
  await expectTextMatching(app.row(id), 'every time, at most once per 5 minutes');
  await expectTextMatching(app.row(id), 'to the moon');
  let alert = await getAlert(system.baseUrl, token, id);
  assert.deepEqual([alert.condition, alert.price, alert.frequency, alert.cooldown_seconds, alert.note, alert.status],
    ['crossing_up', '95000', 'every_time', 300, 'to the moon', 'created']);
  assert.deepEqual(await rowIds(page), [id], 'changed in place, not a new alert');

  // Cancel leaves it as it is.
  await app.editButton(id).click();
  await fillAlertForm(page, { price: '1' });
  await app.cancelEdit.click();
  await expectText(app.formTitle, 'New alert');
  assert.equal((await getAlert(system.baseUrl, token, id)).price, '95000');

  // Pause and resume.
  await app.pauseButton(id).click();
  await expectText(app.status(id), 'paused');
  await app.resumeButton(id).waitFor();
  assert.equal((await getAlert(system.baseUrl, token, id)).status, 'paused');
  await shot('paused');
  await app.resumeButton(id).click();
  await expectText(app.status(id), 'active');
  await app.pauseButton(id).waitFor();
  assert.equal((await getAlert(system.baseUrl, token, id)).status, 'created');

  // Delete, paused: the dialog, then the alert is deleted.
  await app.pauseButton(id).click();
  await expectText(app.status(id), 'paused');
  await app.deleteButton(id).click();
  await app.dialog.waitFor();
  await app.dialog.getByRole('button', { name: 'Delete', exact: true }).click();
  await app.dialog.waitFor({ state: 'hidden' });
  await eventually(async () => (await getAlert(system.baseUrl, token, id)).status === 'deleted',
    { message: `alert ${id} to be deleted` });
  await expectText(app.status(id), 'deleted');
  assert.equal(await app.editButton(id).count(), 0, 'a deleted alert cannot be edited');
  alert = await getAlert(system.baseUrl, token, id);
  assert.equal(alert.note, 'to the moon', 'kept as it was');
});

suite.test('a fired alert\'s history lists its firing; a recurring alert shows how often it fired and when it may fire again',
  async ({ page, system, shot }) => {
    const token = await signedIn(page, system, 'history@example.com');
    const app = ui(page);
    const once = await createAlert(system.baseUrl, token, { symbol: 'ETHUSDT', condition: 'above', price: '3000' });
    const recurring = await createAlert(system.baseUrl, token, {
      symbol: 'BTCUSDT', condition: 'crossing_up', price: '52000', frequency: 'every_time', cooldown_seconds: 10,
    });
    await waitForSubscription(system.exchangeUrl, 'ETHUSDT');
    await waitForSubscription(system.exchangeUrl, 'BTCUSDT');

    // The once alert fires; its history shows the firing and its email.
    await pushPrice(system.exchangeUrl, 'ETHUSDT', '3001.5');
    await expectText(app.status(once.id), 'triggered', { timeout: 5000 });
    await app.historyButton(once.id).click();
    assert.equal(await app.historyButton(once.id).getAttribute('aria-expanded'), 'true');
    const firing = await eventually(async () => {
      const [first] = (await alertFirings(system.baseUrl, token, once.id)).results;
      return first && first.deliveries.length && first.deliveries[0].status === 'sent' ? first : null;
    }, { message: 'the firing\'s email to be sent', timeout: 15_000 });
    const item = app.history(once.id).getByTestId(`firing-${firing.id}`);
    await expectTextMatching(item, /at 3,001\.5/);
    await app.historyButton(once.id).click(); // closed, and opened again: loaded afresh
    await app.history(once.id).waitFor({ state: 'detached' });
    await app.historyButton(once.id).click();
    await expectTextMatching(item, 'email sent');
    assert.equal(await item.locator('time').getAttribute('datetime'), firing.fired_at);
    await shot('history');

    // The recurring alert: below its level, then across it: it fires and stays active.
    await pushPrice(system.exchangeUrl, 'BTCUSDT', '51000');
    await pushPrice(system.exchangeUrl, 'BTCUSDT', '52100');
    await expectText(app.fireCount(recurring.id), 'Fired 1 time', { timeout: 5000 });
    await expectText(app.status(recurring.id), 'active');
    let alert = await getAlert(system.baseUrl, token, recurring.id);
    const next = (fired) => new Date(Date.parse(fired.last_fired_at) + fired.cooldown_seconds * 1000).toISOString();
    assert.equal(await app.nextFire(recurring.id).getAttribute('datetime'), next(alert));
    await expectTextMatching(app.row(recurring.id), 'may fire again from');
    await page.getByRole('status').filter({ hasText: `Alert #${recurring.id} fired: BTCUSDT on Binance reached 52,100 (once so far)` }).waitFor();

    // Back under and across again within its 10 s cooldown: it fires once the cooldown ends.
    await pushPrice(system.exchangeUrl, 'BTCUSDT', '51500');
    await pushPrice(system.exchangeUrl, 'BTCUSDT', '52200');
    await expectText(app.fireCount(recurring.id), 'Fired 2 times', { timeout: 20_000 });
    alert = await getAlert(system.baseUrl, token, recurring.id);
    assert.equal(alert.fire_count, 2);
    assert.ok(Date.parse(alert.last_fired_at) - Date.parse((await alertFirings(system.baseUrl, token, recurring.id)).results[1].fired_at) >= 10_000,
      'not sooner than the cooldown');
    assert.equal(await app.nextFire(recurring.id).getAttribute('datetime'), next(alert));
    await app.historyButton(recurring.id).click();
    await eventually(async () => (await app.history(recurring.id).locator('li').count()) === 2,
      { message: 'two firings in the recurring alert\'s history' });
    await shot('recurring');
  });

suite.test('the status filter shows paused and expired alerts', async ({ page, system, shot }) => {
  const email = 'filter@example.com';
  await signUp(system.baseUrl, email, PASSWORD);
  const token = await logIn(system.baseUrl, email, PASSWORD);
  const make = (fields) => createAlert(system.baseUrl, token, { symbol: 'SOLUSDT', condition: 'above', price: '1000', ...fields });
  const active = await make({});
  const paused = await make({ price: '2000' });
  await updateAlert(system.baseUrl, token, paused.id, { paused: true });
  const expiring = await make({ price: '3000', expires_at: new Date(Date.now() + 2000).toISOString() });
  await eventually(async () => (await getAlert(system.baseUrl, token, expiring.id)).status === 'expired',
    { message: `alert ${expiring.id} to expire`, timeout: 20_000 });

  await page.goto('/');
  await logInInUi(page, email, PASSWORD);
  const app = ui(page);
  for (const [status, ids] of [['paused', [paused.id]], ['expired', [expiring.id]], ['created', [active.id]],
    ['all', [expiring.id, paused.id, active.id]]]) {
    await app.statusFilter.selectOption(status);
    const listed = (await listAlerts(system.baseUrl, token, status === 'all' ? '' : `?status=${status}`)).results.map((a) => a.id);
    assert.deepEqual(listed, ids, `the API lists ${status}`);
    await expectRows(page, ids, `status ${status}`);
    if (status !== 'all') assert.deepEqual([...new Set(await statusTexts(page))], [status === 'created' ? 'active' : status]);
    await shot(`filter-${status}`);
  }
  assert.equal(await app.editButton(expiring.id).count(), 0, 'an expired alert cannot be edited');
  await app.deleteButton(expiring.id).waitFor();
});
