// The live story: sign up, create an "above" and a "below" alert in the form, watch the prices
// move (the API's digits with thousands separators, a chart per symbol, the feed "live"), then push a crossing
// price and see the alert turn "triggered" without a reload, the "Alert #<id> fired" notice,
// and its email in the sink. Also the create form's validation errors.
import assert from 'node:assert/strict';

import { getAlert, lastPrice, logIn } from '../lib/api.mjs';
import { createAlertInUi, grouped, rowIds, signUpInUi, ui } from '../lib/app.mjs';
import { pushPrice, waitForSubscription } from '../lib/exchange.mjs';
import { waitForAlertMail } from '../lib/maildir.mjs';
import { browserSuite } from '../lib/suite.mjs';
import { eventually, expectText } from '../lib/wait.mjs';

const suite = browserSuite('alerts');
const PASSWORD = 'correct-horse-battery-9';

/** Pushes `price` and waits until the page shows the price the API gives for it (with separators). */
async function pushAndSee(page, system, symbol, price) {
  await pushPrice(system.exchangeUrl, symbol, price);
  const shown = await eventually(async () => {
    const last = await lastPrice(system.baseUrl, symbol);
    return last && Number(last.price) === Number(price) ? last.price : null;
  }, { message: `the API to give ${symbol} = ${price}` });
  await expectText(ui(page).price(symbol), grouped(shown), { timeout: 5000 });
  return shown;
}

suite.test('prices move live, an alert fires live with a notice and an email', async ({ page, system, shot }) => {
  const email = 'frank@example.com';
  await page.goto('/');
  await signUpInUi(page, email, PASSWORD);
  const app = ui(page);
  await app.feedStatus.waitFor();
  assert.ok(['live', 'reconnecting', 'stale'].includes((await app.feedStatus.innerText()).trim()), 'a known feed status');

  const above = await createAlertInUi(page, { symbol: 'BTCUSDT', condition: 'above', price: '52000' });
  const below = await createAlertInUi(page, { symbol: 'ETHUSDT', condition: 'below', price: '2500' });
  await expectText(app.status(above), 'active');
  await expectText(app.status(below), 'active');
  await app.deleteButton(above).waitFor();
  await shot('alerts-created');

  await waitForSubscription(system.exchangeUrl, 'BTCUSDT');
  await waitForSubscription(system.exchangeUrl, 'ETHUSDT');
  assert.equal(await pushAndSee(page, system, 'BTCUSDT', '51000.50'), '51000.5');
  await pushAndSee(page, system, 'ETHUSDT', '2600');
  await expectText(app.feedStatus, 'live');
  for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
    const box = await app.chart(symbol).boundingBox();
    assert.ok(box && box.width > 0 && box.height > 0, `${symbol}'s chart canvas is laid out`);
  }
  await shot('prices');

  // The price moves: the page follows without a reload.
  const navigations = [];
  page.on('framenavigated', (frame) => { if (frame === page.mainFrame()) navigations.push(frame.url()); });
  await pushAndSee(page, system, 'BTCUSDT', '51200.25');
  await pushAndSee(page, system, 'BTCUSDT', '51700');
  await shot('price-moved');

  // A crossing price fires the "above" alert, live.
  await pushPrice(system.exchangeUrl, 'BTCUSDT', '52100.5');
  await expectText(app.status(above), 'triggered', { timeout: 5000 });
  await app.notice(above).waitFor({ timeout: 5000 });
  assert.equal(await app.editButton(above).count(), 0, 'no "Edit" on a triggered alert');
  assert.equal(await app.pauseButton(above).count(), 0, 'no "Pause" on a triggered alert');
  await expectText(app.status(below), 'active');
  assert.deepEqual(navigations, [], 'no reload or navigation');
  await shot('alert-fired');

  const mail = await waitForAlertMail(system.maildir, above);
  assert.deepEqual(mail.envelope.rcpt_tos, [email]);
  assert.equal(mail.headers.to, email);
  assert.match(mail.headers.subject, /^Price Alert: BTCUSDT at 52100\.5/);

  const token = await logIn(system.baseUrl, email, PASSWORD);
  assert.equal((await getAlert(system.baseUrl, token, above)).status, 'triggered');
  assert.equal((await getAlert(system.baseUrl, token, below)).status, 'created');
});

suite.test('the create form shows validation errors in role="alert" and creates nothing', async ({ page, shot }) => {
  await page.goto('/');
  await signUpInUi(page, 'grace@example.com', PASSWORD);
  const app = ui(page);
  const cases = [
    { symbol: 'BTCUSDT', price: '', why: 'no price' },
    { symbol: 'BTCUSDT', price: '-5', why: 'a negative price' },
    { symbol: 'BTCUSDT', price: 'abc', why: 'not a number' },
    { symbol: 'BTCUSDT', price: '1.123456789', why: 'more than 8 decimals' },
    { symbol: 'btc usd!', price: '100', why: 'a bad symbol' },
  ];
  for (const [index, { symbol, price, why }] of cases.entries()) {
    await app.symbol.fill(symbol);
    await app.condition.selectOption('below');
    await app.target.fill(price);
    await app.createButton.click();
    const error = app.alerts.first();
    await error.waitFor({ timeout: 5000 }).catch(() => assert.fail(`no role="alert" error for ${why}`));
    assert.notEqual((await error.innerText()).trim(), '', `an error message for ${why}`);
    if (index === 0) await shot('validation-error');
  }
  assert.deepEqual(await rowIds(page), [], 'no alert was created');

  // A valid alert afterwards clears the error.
  await createAlertInUi(page, { symbol: 'BTCUSDT', condition: 'below', price: '40000.5' });
  await eventually(async () => (await app.alerts.count()) === 0, { message: 'the error to go once an alert is created' });
}, { allowStatuses: [400] });
