// The exchange of an alert (DESIGN.md section 11) in the browser app: chosen in the form (Binance
// by default), the symbol's placeholder, hint and rules following it; the alert listed with its
// exchange; its card, its firing notice, the recent firings and the email all naming it. Coinbase
// and Kraken are the fake exchange's own Coinbase and Kraken formats (tests/fixtures/README.md).
import assert from 'node:assert/strict';

import { getAlert, logIn } from '../lib/api.mjs';
import { createAlertInUi, fillAlertForm, grouped, signUpInUi, ui } from '../lib/app.mjs';
import { pushPrice, setPrice, waitForFollow } from '../lib/exchange.mjs';
import { waitForAlertMail } from '../lib/maildir.mjs';
import { browserSuite } from '../lib/suite.mjs';
import { eventually, expectText, expectTextMatching } from '../lib/wait.mjs';

const suite = browserSuite('exchanges');
const PASSWORD = 'correct-horse-battery-9';

suite.test('an alert on Coinbase is made through the form, listed, priced and fired with its exchange', async ({ page, system, shot }) => {
  // Known to the fake before pricewatch asks for their lists again; nothing crosses the alerts yet.
  await setPrice(system.exchangeUrl, 'BTC-USD', '50000');
  await setPrice(system.exchangeUrl, 'BTC/USD', '50000');
  const email = 'exchanges@example.com';
  await page.goto('/');
  await signUpInUi(page, email, PASSWORD);
  const token = await logIn(system.baseUrl, email, PASSWORD);
  const app = ui(page);

  // Binance by default; each exchange brings its own way of writing a symbol.
  assert.equal(await app.exchange.inputValue(), 'binance');
  assert.deepEqual(await app.exchange.evaluate((select) => [...select.options].map((option) => [option.value, option.text])),
    [['binance', 'Binance'], ['binanceus', 'Binance.US'], ['coinbase', 'Coinbase'], ['kraken', 'Kraken']]);
  assert.equal(await app.symbol.inputValue(), 'BTCUSDT');
  await app.exchange.selectOption('coinbase');
  assert.equal(await app.symbol.inputValue(), 'BTC-USD', 'the example symbol follows the exchange');
  assert.equal(await app.symbol.getAttribute('placeholder'), 'BTC-USD');
  await expectText(app.symbolHint, 'Coinbase writes a pair with a dash, such as BTC-USD.');
  await app.exchange.selectOption('kraken');
  assert.equal(await app.symbol.getAttribute('placeholder'), 'BTC/USD');
  await expectText(app.symbolHint, 'Kraken writes a pair with a slash, such as BTC/USD.');

  // A Binance symbol is not Coinbase's form: the form says so and sends nothing.
  await fillAlertForm(page, { exchange: 'coinbase', symbol: 'BTCUSD', condition: 'above', price: '60000' });
  await expectText(app.summary, 'Email me when BTCUSD on Coinbase is at or above 60,000, once.');
  await app.createButton.click();
  await expectText(app.alerts.first(), 'A Coinbase symbol is two upper-case names joined by -, such as BTC-USD.');
  assert.equal(await app.symbol.getAttribute('aria-invalid'), 'true');

  const coinbase = await createAlertInUi(page, { exchange: 'coinbase', symbol: 'BTC-USD', condition: 'above', price: '60000' });
  const kraken = await createAlertInUi(page, { exchange: 'kraken', symbol: 'BTC/USD', condition: 'below', price: '40000' });
  await page.getByRole('status').filter({ hasText: `Alert #${kraken} created: BTC/USD on Kraken is at or below 40,000.` }).waitFor();
  assert.equal((await getAlert(system.baseUrl, token, coinbase)).exchange, 'coinbase');
  assert.equal((await getAlert(system.baseUrl, token, kraken)).exchange, 'kraken');
  await expectText(app.rowExchange(coinbase), 'Coinbase');
  await expectText(app.rowExchange(kraken), 'Kraken');
  assert.ok((await app.row(coinbase).innerText()).includes('BTC-USD'));
  // Each on its exchange's card, with its exchange in the title and its chart's name.
  await page.getByTestId('price-exchange-coinbase-BTC-USD').filter({ hasText: 'Coinbase' }).waitFor();
  await page.getByTestId('price-exchange-kraken-BTC/USD').filter({ hasText: 'Kraken' }).waitFor();
  await app.chart('BTC-USD', 'Coinbase').waitFor();
  await shot('listed-with-exchange');

  // Editing keeps the exchange: shown, not changeable.
  await app.editButton(coinbase).click();
  assert.equal(await app.exchange.inputValue(), 'coinbase');
  assert.ok(await app.exchange.isDisabled(), 'an alert keeps its exchange');
  await app.cancelEdit.click();
  assert.ok(!(await app.exchange.isDisabled()), 'a new alert may choose again');

  // Coinbase's trade reaches its card and fires its alert, named with its exchange everywhere.
  await waitForFollow(system.exchangeUrl, 'coinbase', 'BTC-USD');
  await pushPrice(system.exchangeUrl, 'BTC-USD', '61000.5');
  await expectText(page.getByTestId('price-coinbase-BTC-USD'), grouped('61000.5'));
  await expectText(app.status(coinbase), 'triggered');
  await page.getByRole('status').filter({ hasText: `Alert #${coinbase} fired: BTC-USD on Coinbase reached 61,000.5` }).waitFor();
  await expectTextMatching(page.getByTestId(`recent-firing-${coinbase}`), 'BTC-USD on Coinbase at 61,000.5');
  await expectText(app.status(kraken), 'active');
  const mail = await waitForAlertMail(system.maildir, coinbase);
  assert.match(mail.raw, /BTC-USD on Coinbase/);
  await shot('fired-on-coinbase');

  // The firings listed by the API name the exchange too (the recent firings panel reads them).
  const firings = await eventually(async () => {
    const response = await fetch(`${system.baseUrl}/api/v1/firings`, { headers: { Authorization: `Bearer ${token}` } });
    const page1 = await response.json();
    return page1.results.length ? page1.results : null;
  }, { message: 'the firing listed' });
  assert.equal(firings[0].exchange, 'coinbase');
});
