// A tab in the background: an alert firing there counts in the page title, shows a browser
// notification (Chromium's own Notification API, permission granted through the browser) once the
// person ticked "Browser notifications", and lands in "Recent firings"; a denied permission is
// said, not ignored. A firing that happens while the events stream is down (a laptop asleep) is
// caught up from /api/v1/firings when the tab is visible again, announced once. Notices never
// pile up: three at most, and each leaves by itself.
import assert from 'node:assert/strict';

import { createAlert, getAlert, logIn, signUp } from '../lib/api.mjs';
import { createAlertInUi, logInInUi, ui } from '../lib/app.mjs';
import { pushPrice, waitForSubscription } from '../lib/exchange.mjs';
import { browserSuite } from '../lib/suite.mjs';
import { eventually, expectText, expectTextMatching } from '../lib/wait.mjs';

const suite = browserSuite('signals');
const PASSWORD = 'correct-horse-battery-9';
const TITLE = 'Your alerts · pricewatch';

// Before any page script: every notification the page makes is recorded (and still made, by the
// browser's own constructor), and the tab's visibility is the test's to set.
async function watchTab(context) {
  await context.addInitScript(() => {
    window.__notifications = [];
    const Browser = window.Notification;
    window.Notification = class extends Browser {
      constructor(title, options) {
        super(title, options);
        window.__notifications.push({ title, body: options && options.body, tag: options && options.tag });
      }
    };
    let hidden = false;
    Object.defineProperty(document, 'visibilityState', { get: () => (hidden ? 'hidden' : 'visible') });
    Object.defineProperty(document, 'hidden', { get: () => hidden });
    window.__setHidden = (value) => {
      hidden = value;
      document.dispatchEvent(new Event('visibilitychange'));
    };
  });
}

const notificationsOf = (page) => page.evaluate(() => window.__notifications);
const noticesOf = (page, id) => ui(page).notice(id).count();

suite.test('in a background tab a firing counts in the title and shows a notification', async ({ page, context, system, shot }) => {
  const email = 'ola@example.com';
  await signUp(system.baseUrl, email, PASSWORD);
  const token = await logIn(system.baseUrl, email, PASSWORD);
  const { id } = await createAlert(system.baseUrl, token, { symbol: 'BTCUSDT', condition: 'above', price: '91000' });
  await context.grantPermissions(['notifications']);
  await watchTab(context);
  await page.goto('/');
  await logInInUi(page, email, PASSWORD);
  assert.equal(await page.title(), TITLE);

  const notify = page.getByLabel('Browser notifications', { exact: true });
  await notify.check();
  await expectTextMatching(page.locator('#notify-message'), 'You will be notified');
  await shot('notifications-on');

  await page.evaluate(() => window.__setHidden(true));
  await waitForSubscription(system.exchangeUrl, 'BTCUSDT');
  await pushPrice(system.exchangeUrl, 'BTCUSDT', '91000.5');
  const shown = await eventually(async () => (await notificationsOf(page)).find((n) => n.body.includes(`Alert #${id} fired`)),
    { message: 'a notification of the firing' });
  assert.equal(shown.title, 'pricewatch: alert fired');
  assert.match(shown.body, /BTCUSDT on Binance reached 91,000\.5/);
  await eventually(async () => (await page.title()) === `(1) ${TITLE}`, { message: 'the title to count the firing' });
  await expectTextMatching(page.getByTestId(`recent-firing-${id}`), 'BTCUSDT on Binance at 91,000.5');

  // Back to the tab: the count goes; nothing is notified while it is in front.
  await page.evaluate(() => window.__setHidden(false));
  await eventually(async () => (await page.title()) === TITLE, { message: 'the title without the count' });
  assert.equal((await notificationsOf(page)).length, 1, 'one notification for one firing');
  assert.equal(await noticesOf(page, id), 1, 'one notice for one firing');
  await shot('fired-in-background');
});

suite.test('a refused notification permission is said and the choice stays off', async ({ page, context, system }) => {
  const email = 'pia@example.com';
  await signUp(system.baseUrl, email, PASSWORD);
  await context.clearPermissions();
  await page.goto('/');
  await logInInUi(page, email, PASSWORD);
  // Headless Chromium answers a request it cannot show with no grant.
  const notify = page.getByLabel('Browser notifications', { exact: true });
  await notify.click();
  await expectTextMatching(page.locator('#notify-message'), 'blocked');
  assert.equal(await notify.isChecked(), false);
});

suite.test('a firing missed while the events stream was down is caught up once when the tab wakes',
  async ({ page, context, system, shot }) => {
    const email = 'quinn@example.com';
    await signUp(system.baseUrl, email, PASSWORD);
    const token = await logIn(system.baseUrl, email, PASSWORD);
    const { id } = await createAlert(system.baseUrl, token,
      { symbol: 'ETHUSDT', condition: 'above', price: '9100', frequency: 'every_time', cooldown_seconds: 3600 });
    await watchTab(context);
    await page.goto('/');
    await logInInUi(page, email, PASSWORD);
    await expectText(ui(page).status(id), 'active');

    // The machine sleeps: the tab is hidden and its events stream cannot connect.
    await page.route('**/api/v1/events', (route) => route.abort('connectionrefused'));
    await page.evaluate(() => window.__setHidden(true));
    await page.reload(); // the open stream goes with the old page; the new one cannot open
    await page.evaluate(() => window.__setHidden(true));
    await waitForSubscription(system.exchangeUrl, 'ETHUSDT');
    await pushPrice(system.exchangeUrl, 'ETHUSDT', '9200');
    await eventually(async () => (await getAlert(system.baseUrl, token, id)).fire_count === 1,
      { message: 'the alert to fire on the server' });
    assert.equal(await noticesOf(page, id), 0, 'the page was not told');

    // It wakes: visible again, the stream back.
    await page.unroute('**/api/v1/events');
    await page.evaluate(() => window.__setHidden(false));
    await ui(page).notice(id).waitFor();
    await expectTextMatching(page.getByTestId(`recent-firing-${id}`), 'ETHUSDT on Binance at 9,200');
    await expectText(ui(page).fireCount(id), 'Fired 1 time');
    await shot('caught-up');
    // The stream comes back too and reloads everything: still one notice.
    await eventually(async () => (await page.evaluate(() => document.title)) === TITLE, { message: 'the title' });
    assert.equal(await noticesOf(page, id), 1, 'announced once');
  }, { allowFailures: /api\/v1\/events|ERR_CONNECTION_REFUSED/ });

suite.test('at most three notices at once, and they leave by themselves', async ({ page, system }) => {
  const email = 'rae@example.com';
  await signUp(system.baseUrl, email, PASSWORD);
  await page.goto('/');
  await logInInUi(page, email, PASSWORD);
  const notices = page.locator('#notices .notice');
  for (const price of ['10', '20', '30', '40']) {
    await createAlertInUi(page, { symbol: 'BTCUSDT', condition: 'below', price });
    assert.ok(await notices.count() <= 3, `${await notices.count()} notices on screen`);
  }
  await expectTextMatching(notices.first(), 'created: BTCUSDT on Binance is at or below 40');
  assert.equal(await notices.count(), 3, 'the oldest left for the newest');
  await eventually(async () => (await notices.count()) === 0, { timeout: 15_000, message: 'the notices to leave' });
});
