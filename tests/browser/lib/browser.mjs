// Debian's Chromium driven by playwright-core: launching it (headless, no sandbox), pages that
// record console errors, page errors, failed requests and every request URL, and screenshots
// into the artifacts folder.
import fs from 'node:fs/promises';
import path from 'node:path';

import { chromium } from 'playwright-core';

import { artifactsDir, chromiumPath } from './paths.mjs';

const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic'];

/** @param {string[]} [extraArgs] more switches (the proxied suites': a host mapping, one accepted certificate) */
export function launchBrowser(extraArgs = []) {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: [...LAUNCH_ARGS, ...extraArgs] });
}

/**
 * A new context and page on `baseUrl`, recording console errors, uncaught page errors, and
 * every request URL (to check that no token ever appears in one).
 * @param {import('playwright-core').Browser} browser
 * @param {{viewport?: {width: number, height: number}, baseUrl: string}} options
 */
export async function openPage(browser, { baseUrl, viewport = { width: 1280, height: 900 }, ...contextOptions }) {
  // English number and date formats, whatever the machine's: tests read "51,000.5".
  const context = await browser.newContext({ baseURL: baseUrl, viewport, locale: 'en-US', ...contextOptions });
  const problems = [];
  const requests = [];
  // On the context, so that every page (a second tab too) is watched.
  context.on('console', (message) => {
    if (message.type() === 'error') problems.push({ kind: 'console', text: message.text(), url: message.location().url });
  });
  context.on('weberror', (webError) => problems.push({ kind: 'pageerror', text: String(webError.error().stack ?? webError.error()) }));
  context.on('request', (request) => requests.push(request.url()));
  context.on('requestfailed', (request) => {
    const failure = request.failure()?.errorText ?? '';
    // Streams the page itself closes (a reload, a log-out) are aborted, which is no fault.
    if (!/ERR_ABORTED/.test(failure)) problems.push({ kind: 'requestfailed', text: `${request.url()} ${failure}` });
  });
  const page = await context.newPage();
  return { context, page, problems, requests };
}

// The app looks up the price of every symbol typed in its form, and of each card's symbol, with
// GET /api/v1/prices/{exchange}/{symbol} (or Binance's /api/v1/prices/{symbol}): 404 for a symbol
// the (fake) exchange does not list yet, or that no alert follows on another exchange than
// Binance, and 429 for a burst of new symbols are answers the app shows, not faults.
const PRICE_LOOKUP = /^\/api\/v1\/prices\/(?:[a-z]+\/)?[A-Z0-9]+(?:[-/][A-Z0-9]+)?$/;
const PRICE_LOOKUP_ANSWERS = [404, 429];

/**
 * The recorded problems, minus the console messages Chromium itself writes for HTTP errors the
 * test provoked on purpose ("Failed to load resource: ... status of 401" when `allowStatuses`
 * holds 401) or that price lookups answer (above), and any problem whose text matches
 * `allowFailures` (a RegExp).
 */
export function unexpectedProblems(problems, { allowStatuses = [], allowFailures = null } = {}) {
  return problems.filter((problem) => {
    const status = /Failed to load resource: the server responded with a status of (\d+)/.exec(problem.text);
    if (problem.kind === 'console' && status && allowStatuses.includes(Number(status[1]))) return false;
    if (problem.kind === 'console' && status && PRICE_LOOKUP_ANSWERS.includes(Number(status[1]))
      && PRICE_LOOKUP.test(new URL(problem.url || 'http://x/').pathname)) return false;
    return !(allowFailures && allowFailures.test(problem.text));
  });
}

/** Throws when `problems` holds anything unexpected, listing it. */
export function assertNoProblems(problems, options) {
  const left = unexpectedProblems(problems, options);
  if (left.length) {
    throw new Error(`the page reported ${left.length} problem(s):\n${left.map((p) => `  ${p.kind}: ${p.text}${p.url ? ` (${p.url})` : ''}`).join('\n')}`);
  }
}

/** Saves a full-page screenshot as <artifacts>/<name>.png and returns its path. */
export async function screenshot(page, name) {
  await fs.mkdir(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Throws when a request went anywhere but `hosts` (127.0.0.1, and names Chromium is told map to
 * it), or carried `secret` (a token) in its URL.
 */
export function assertRequestsClean(requests, secret, hosts = ['127.0.0.1']) {
  for (const url of requests) {
    const parsed = new URL(url);
    if (/^(https?|wss?):$/.test(parsed.protocol) && !hosts.includes(parsed.hostname)) {
      throw new Error(`the page requested ${url}, outside ${hosts.join(', ')}`);
    }
    if (secret && url.includes(secret)) throw new Error(`the page put the token in a URL: ${url}`);
  }
}
