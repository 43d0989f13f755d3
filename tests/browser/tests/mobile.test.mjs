// The app at a phone viewport (390x844): no sideways scrolling of the page, and the create form
// and the alerts table are reachable (scrolled to, visible, inside the screen's width, not
// covered by anything else, usable).
import assert from 'node:assert/strict';

import { createAlertInUi, signUpInUi, ui } from '../lib/app.mjs';
import { browserSuite } from '../lib/suite.mjs';
import { expectText } from '../lib/wait.mjs';

const suite = browserSuite('mobile');
const PHONE = { width: 390, height: 844 };

/**
 * Scrolls `locator` into view and checks that it is visible and lies within the viewport's width
 * (with `fit: false`, only that it starts within it: a wide table may scroll in its own box).
 */
async function expectReachable(locator, what, { fit = true } = {}) {
  await locator.scrollIntoViewIfNeeded();
  assert.ok(await locator.isVisible(), `${what} is visible`);
  const box = await locator.boundingBox();
  assert.ok(box, `${what} is laid out`);
  assert.ok(box.x >= -1 && box.x < PHONE.width, `${what} starts within the screen (x ${box.x})`);
  if (fit) {
    assert.ok(box.x + box.width <= PHONE.width + 1,
      `${what} fits the ${PHONE.width}px width (x ${box.x}, width ${box.width})`);
  }
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
  await expectReachable(app.table, 'the alerts table', { fit: false });
  await expectText(app.status(id), 'created');
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
