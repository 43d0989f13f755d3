// The app at a phone viewport (390x844): no sideways scrolling of the page or of the alerts (each
// a card there), the create form first, and the form (every field of every kind), the alerts, an
// alert's buttons and its history reachable (scrolled to, visible, inside the screen's width, not
// covered by anything else, usable).
import assert from 'node:assert/strict';

import { createAlert, logIn, signUp } from '../lib/api.mjs';
import { createAlertInUi, logInInUi, signUpInUi, ui } from '../lib/app.mjs';
import { browserSuite } from '../lib/suite.mjs';
import { expectText, expectTextMatching } from '../lib/wait.mjs';

const suite = browserSuite('mobile');
const PHONE = { width: 390, height: 844 };

/** Scrolls `locator` into view and checks that it is visible and lies within the viewport's width. */
async function expectReachable(locator, what) {
  await locator.scrollIntoViewIfNeeded();
  assert.ok(await locator.isVisible(), `${what} is visible`);
  const box = await locator.boundingBox();
  assert.ok(box, `${what} is laid out`);
  assert.ok(box.x >= -1 && box.x < PHONE.width, `${what} starts within the screen (x ${box.x})`);
  assert.ok(box.x + box.width <= PHONE.width + 1,
    `${what} fits the ${PHONE.width}px width (x ${box.x}, width ${box.width})`);
}

/** Checks that what is at the centre of `locator` (scrolled into view) is the element itself. */
async function expectUncovered(locator, what) {
  await locator.scrollIntoViewIfNeeded();
  const cover = await locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
    if (!hit || element === hit || element.contains(hit)) return null;
    return `<${hit.tagName.toLowerCase()}${hit.className ? ` class="${hit.className}"` : ''}> "${hit.textContent.trim().slice(0, 60)}"`;
  });
  assert.equal(cover, null, `${what} is covered by ${cover}`);
}

async function expectNoSidewaysScroll(page, screen) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= PHONE.width, `the ${screen} is ${width}px wide at a ${PHONE.width}px viewport`);
}

suite.test('at 390x844 the auth screen, the create form and the table are reachable', async ({ page, shot }) => {
  await page.goto('/');
  const app = ui(page);
  await expectReachable(app.email, 'the Email field');
  await expectReachable(app.signUpButton, 'the "Sign up" button');
  await expectNoSidewaysScroll(page, 'auth screen');
  await shot('phone-auth');

  await signUpInUi(page, 'mia@example.com', 'correct-horse-battery-9');
  await expectReachable(app.logOutButton, 'the "Log out" button');
  for (const [control, what] of [[app.symbol, 'Symbol'], [app.condition, 'Condition'], [app.target, 'Price'],
    [app.createButton, '"Create alert"']]) {
    await expectReachable(control, what);
  }
  const id = await createAlertInUi(page, { symbol: 'BTCUSDT', condition: 'above', price: '75000' });
  await expectReachable(app.table, 'the alerts table');
  await expectReachable(app.row(id), `alert ${id}'s card`);
  const form = await page.locator('#create-form').boundingBox();
  const prices = await page.locator('section.prices').boundingBox();
  assert.ok(form.y < prices.y, `the form comes first (form at ${form.y}, prices at ${prices.y})`);
  await expectText(app.status(id), 'active');
  await expectReachable(app.status(id), 'the status cell');
  await expectReachable(app.deleteButton(id), `"Delete alert ${id}"`);
  for (const [control, what] of [[app.deleteButton(id), `"Delete alert ${id}"`], [app.pageInfo, 'the page info'],
    [app.previous, '"Previous"'], [app.next, '"Next"'], [app.statusFilter, 'the Status filter']]) {
    await expectUncovered(control, what);
  }
  await expectNoSidewaysScroll(page, 'signed-in screen');
  await shot('phone-dashboard');

  await app.deleteButton(id).click();
  await expectReachable(app.dialog.getByRole('button', { name: 'Delete', exact: true }), 'the dialog\'s "Delete"');
  await shot('phone-delete-dialog');
  await app.dialog.getByRole('button', { name: 'Delete', exact: true }).click();
  await app.deleteButton(id).waitFor({ state: 'detached' });
}, { viewport: PHONE });

suite.test('at 390x844 every field of the form, an alert\'s buttons and its history are usable', async ({ page, system, shot }) => {
  const email = 'noa@example.com';
  await signUp(system.baseUrl, email, 'correct-horse-battery-9');
  const token = await logIn(system.baseUrl, email, 'correct-horse-battery-9');
  const { id } = await createAlert(system.baseUrl, token, { symbol: 'BTCUSDT', condition: 'crossing_up', price: '99000' });
  await page.goto('/');
  await logInInUi(page, email, 'correct-horse-battery-9');
  const app = ui(page);

  await app.symbol.fill('ETHUSDT');
  await expectReachable(app.quote, 'the symbol\'s price lookup');
  await app.condition.selectOption('moving_down');
  await app.frequency.selectOption('every_time');
  for (const [control, what] of [[app.condition, 'Condition'], [app.percent, 'Percent'], [app.window, 'Within'],
    [app.frequency, 'How often'], [app.cooldown, 'At most once per'], [app.until, 'Until'], [app.note, 'Note'],
    [app.summary, 'the sentence'], [app.createButton, '"Create alert"']]) {
    await expectReachable(control, what);
    await expectUncovered(control, what);
  }
  await app.percent.fill('3');
  await expectTextMatching(app.summary, 'falls 3% within 1 hour, every time');
  await expectNoSidewaysScroll(page, 'form with every field');
  await shot('phone-form');

  await expectText(app.status(id), 'active');
  for (const [control, what] of [[app.editButton(id), 'Edit'], [app.pauseButton(id), 'Pause'],
    [app.historyButton(id), 'History'], [app.deleteButton(id), 'Delete']]) {
    await expectReachable(control, `"${what}" of alert ${id}`);
    await expectUncovered(control, `"${what}" of alert ${id}`);
  }
  await app.historyButton(id).click();
  await expectTextMatching(app.history(id), 'No firings yet.');
  await expectReachable(app.history(id), 'the history');
  await app.pauseButton(id).click();
  await expectText(app.status(id), 'paused');
  await expectNoSidewaysScroll(page, 'table with a history open');
  await shot('phone-history');

  // Edit brings the form into view, filled with the alert.
  await app.editButton(id).click();
  await expectText(app.formTitle, `Edit alert #${id}`);
  await expectReachable(app.symbol, 'the form\'s Symbol, for the edit');
  const box = await app.symbol.boundingBox();
  assert.ok(box.y >= 0 && box.y + box.height <= 844, `the form is on screen (y ${box.y})`);
  assert.equal(await app.target.inputValue(), '99000');
  await shot('phone-edit');
}, { viewport: PHONE });
