// The app behind the shipped nginx (deploy/nginx/pricewatch.conf) over HTTPS and HTTP/2, as a
// user of the deployment sees it: the page from https://alerts.example.com, sign up, log out,
// log in, create an alert and see it (after a reload too), live prices arriving through the
// proxy's event streams.
// pricewatch trusts nginx (http.trusted_proxies = 127.0.0.1). Two api processes behind the same
// file, login limits per client and the links are tests/e2e/proxy_test.cpp's.
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';

import { lastPrice } from '../lib/api.mjs';
import { createAlertInUi, grouped, logInInUi, signUpInUi, ui } from '../lib/app.mjs';
import { pushPrice, waitForSubscription } from '../lib/exchange.mjs';
import { browserSuite } from '../lib/suite.mjs';
import { eventually, expectText } from '../lib/wait.mjs';

const suite = browserSuite('proxy', { proxy: true });
const PASSWORD = 'correct-horse-battery-9';

suite.test('the app works through nginx over HTTPS', async ({ page, system, shot }) => {
  const response = await page.goto('/');
  assert.equal(response.status(), 200);
  assert.equal(new URL(page.url()).protocol, 'https:');
  assert.equal(await page.evaluate(() => window.isSecureContext), true, 'a secure context, as on the real site');
  const headers = await response.allHeaders();
  assert.equal(headers['strict-transport-security'], 'max-age=63072000', "nginx's HSTS header");
  assert.match(headers['content-security-policy'] ?? '', /default-src/, "pricewatch's own headers pass through");

  const email = 'proxied@example.com';
  await signUpInUi(page, email, PASSWORD);
  const app = ui(page);
  await app.logOutButton.click();
  await app.logInButton.waitFor();
  await logInInUi(page, email, PASSWORD);
  await shot('signed-in');

  const id = await createAlertInUi(page, { symbol: 'BTCUSDT', condition: 'above', price: '52000' });
  await expectText(app.status(id), 'active');
  // Seen again after a reload: the list came from the server, through the proxy.
  await page.reload();
  await expectText(app.status(id), 'active');

  // Live prices: the page's price stream goes through nginx unbuffered.
  await waitForSubscription(system.exchangeUrl, 'BTCUSDT');
  await pushPrice(system.exchangeUrl, 'BTCUSDT', '51234.5');
  const shown = await eventually(async () => {
    const last = await lastPrice(system.baseUrl, 'BTCUSDT');
    return last && Number(last.price) === 51234.5 ? last.price : null;
  }, { message: 'the API to give BTCUSDT = 51234.5' });
  await expectText(app.price('BTCUSDT'), grouped(shown), { timeout: 5000 });
  await shot('alert-and-price');

  // nginx's access log: the page's requests, its event streams among them (logged once the
  // reload closed the first page's), went through it over HTTP/2.
  const accessLog = path.join(system.directory, 'nginx', 'access.log');
  await eventually(async () => /"GET \/api\/v1\/events HTTP\/2\.0" 200/.test(await fs.readFile(accessLog, 'utf8')),
    { message: 'nginx to log the events stream over HTTP/2' });
  const logged = await fs.readFile(accessLog, 'utf8');
  assert.match(logged, /"POST \/api\/v1\/alerts HTTP\/2\.0" 201/);
});
