// The live prices (issue 13): each card's price with thousands separators and its 24-hour
// change; the user's alert levels drawn as lines across the chart (read back from the canvas's
// pixels at the height of each level) and listed under it; a click on the chart fills the form
// with the price at that height.
import assert from 'node:assert/strict';

import { createAlert, logIn, signUp, updateAlert } from '../lib/api.mjs';
import { logInInUi, ui } from '../lib/app.mjs';
import { pushPrice, setPrice, waitForSubscription } from '../lib/exchange.mjs';
import { browserSuite } from '../lib/suite.mjs';
import { eventually, expectText } from '../lib/wait.mjs';

const suite = browserSuite('chart');
const PASSWORD = 'correct-horse-battery-9';
const HOUR_MS = 3_600_000;

async function newUser(system, email) {
  await signUp(system.baseUrl, email, PASSWORD);
  return logIn(system.baseUrl, email, PASSWORD);
}

/** The chart's price scale, as the app leaves it on the canvas. */
const scaleOf = (canvas) => canvas.evaluate((element) => Object.fromEntries(
  ['low', 'high', 'top', 'bottom'].map((key) => [key, Number(element.dataset[key])])));

/** The height (CSS pixels from the canvas's top) of a price on that scale. */
const heightOf = ({ low, high, top, bottom }, price) => bottom - ((price - low) / (high - low)) * (bottom - top);

/**
 * The share of the canvas's columns that have a pixel of the colour in the CSS property `colour`
 * (the alert line's, the paused line's) within 2 pixels of the height of `price`.
 */
function lineShare(canvas, price, colour) {
  return canvas.evaluate((element, [level, property]) => {
    const number = (key) => Number(element.dataset[key]);
    const y = number('bottom') - ((level - number('low')) / (number('high') - number('low'))) * (number('bottom') - number('top'));
    const ratio = element.width / element.clientWidth;
    const hex = getComputedStyle(element).getPropertyValue(property).trim().replace('#', '');
    const want = [0, 2, 4].map((at) => parseInt(hex.slice(at, at + 2), 16));
    const row = Math.round(y * ratio);
    const band = element.getContext('2d').getImageData(0, row - 3, element.width, 7).data;
    let columns = 0;
    for (let x = 0; x < element.width; x += 1) {
      for (let dy = 0; dy < 7; dy += 1) {
        const at = (dy * element.width + x) * 4;
        if (band[at + 3] > 200 && want.every((value, channel) => Math.abs(band[at + channel] - value) < 48)) {
          columns += 1;
          break;
        }
      }
    }
    return columns / element.width;
  }, [price, colour]);
}

suite.test('prices show thousands separators and the 24-hour change beside the live price', async ({ page, system, shot }) => {
  const token = await newUser(system, 'separators@example.com');
  // The day's first trades: BTCUSDT from 50,000 (up 2.469 % at 51,234.5), ETHUSDT from 2,400
  // (down 2.264 % at 2,345.67).
  await setPrice(system.exchangeUrl, 'BTCUSDT', '50000', Date.now() - 2 * HOUR_MS);
  await setPrice(system.exchangeUrl, 'ETHUSDT', '2400', Date.now() - 2 * HOUR_MS);
  await setPrice(system.exchangeUrl, 'BTCUSDT', '51234.5', Date.now() - 60_000);
  await setPrice(system.exchangeUrl, 'ETHUSDT', '2345.67', Date.now() - 60_000);
  const btc = await createAlert(system.baseUrl, token, { symbol: 'BTCUSDT', condition: 'above', price: '1234567.5' });
  await createAlert(system.baseUrl, token, { symbol: 'ETHUSDT', condition: 'below', price: '2000' });
  await waitForSubscription(system.exchangeUrl, 'BTCUSDT');
  await waitForSubscription(system.exchangeUrl, 'ETHUSDT');
  await page.goto('/');
  await logInInUi(page, 'separators@example.com', PASSWORD);
  const app = ui(page);
  // The same prices again, now, through the stream the watcher follows.
  await pushPrice(system.exchangeUrl, 'BTCUSDT', '51234.5');
  await pushPrice(system.exchangeUrl, 'ETHUSDT', '2345.67');
  await expectText(app.price('BTCUSDT'), '51,234.5');
  await expectText(app.price('ETHUSDT'), '2,345.67');
  await expectText(app.change('BTCUSDT'), '+2.469% 24 h', { timeout: 15_000 });
  await expectText(app.change('ETHUSDT'), '\u22122.264% 24 h', { timeout: 15_000 });
  assert.equal(await app.change('BTCUSDT').getAttribute('data-direction'), 'up');
  assert.equal(await app.change('ETHUSDT').getAttribute('data-direction'), 'down');
  const row = await app.row(btc.id).innerText();
  assert.ok(row.includes('is at or above 1,234,567.5'), `the table's price has separators: ${row}`);
  await shot('separators-and-change');
});

suite.test('alert levels are lines on the chart, and a click on it fills the form with that price', async ({ page, system, shot }) => {
  const token = await newUser(system, 'levels@example.com');
  const make = (fields) => createAlert(system.baseUrl, token, { symbol: 'BTCUSDT', ...fields });
  const high = await make({ condition: 'above', price: '52000' });
  const low = await make({ condition: 'below', price: '50000' });
  const crossing = await make({ condition: 'crossing_up', price: '51500' });
  const paused = await make({ condition: 'crossing_down', price: '50500' });
  await updateAlert(system.baseUrl, token, paused.id, { paused: true });
  await make({ condition: 'moving_up', percent: '5', window: '1h' }); // no level: no line
  await waitForSubscription(system.exchangeUrl, 'BTCUSDT');
  await page.goto('/');
  await logInInUi(page, 'levels@example.com', PASSWORD);
  const app = ui(page);
  await pushPrice(system.exchangeUrl, 'BTCUSDT', '51000');
  await expectText(app.price('BTCUSDT'), '51,000');

  // Listed under the chart, in words.
  const listed = await eventually(async () => {
    const text = await app.levels('BTCUSDT').innerText();
    return text.includes(`#${paused.id}`) ? text : null;
  }, { message: 'the levels listed under the chart' });
  for (const words of [`#${high.id} is at or above 52,000`, `#${low.id} is at or below 50,000`,
    `#${crossing.id} crosses up 51,500`, `#${paused.id} crosses down 50,500 (paused)`]) {
    assert.ok(listed.includes(words), `"${words}" under the chart: ${listed}`);
  }
  assert.equal(listed.split('\n').filter(Boolean).length, 4, 'a moving alert has no level');

  // Drawn across the chart: the alert colour at each level's height, the paused one greyed.
  const chart = app.chart('BTCUSDT');
  for (const level of [52000, 50000, 51500]) {
    const share = await lineShare(chart, level, '--chart-alert');
    assert.ok(share > 0.4, `a line at ${level}: ${Math.round(share * 100)} % of the chart's width`);
  }
  assert.ok(await lineShare(chart, 50500, '--chart-paused') > 0.4, 'a grey line at the paused level 50,500');
  assert.ok(await lineShare(chart, 50500, '--chart-alert') < 0.05, 'the paused level is not drawn as an active one');
  assert.ok(await lineShare(chart, 51000, '--chart-alert') < 0.05, 'no alert line where there is no level');
  await shot('levels-on-chart');

  // A click at the height of 51,250 fills the form with that price, to a pixel's worth.
  await app.condition.selectOption('moving_up');
  await app.symbol.fill('ETHUSDT');
  const scale = await scaleOf(chart);
  const box = await chart.boundingBox();
  await chart.click({ position: { x: box.width * 0.6, y: heightOf(scale, 51250) } });
  const perPixel = (scale.high - scale.low) / (scale.bottom - scale.top);
  const picked = await eventually(async () => app.target.inputValue(), { message: 'a price in the form' });
  assert.ok(Math.abs(Number(picked) - 51250) <= perPixel * 1.5, `picked ${picked}, wanted 51250 ± ${perPixel * 1.5}`);
  assert.match(picked, /^\d+(\.\d+)?$/, 'a plain decimal the API takes');
  assert.equal(await app.symbol.inputValue(), 'BTCUSDT', "the chart's symbol");
  assert.equal(await app.condition.inputValue(), 'above', 'a move becomes a level on the side clicked');
  assert.ok(await app.target.evaluate((element) => document.activeElement === element), 'focus on the price');
  await expectText(app.summary, `Email me when BTCUSDT on Binance is at or above ${Number(picked).toLocaleString('en-US', { maximumFractionDigits: 8 })}, once.`);
  await shot('picked-from-chart');
});
