// One test file's setup: `browserSuite(name)` starts the system and Chromium before the file's
// tests and stops both after them (whatever happened), and gives `suite.test(title, body)`, which
// runs `body` with a fresh browser context and page, then asserts that the page logged no console
// errors or page errors and sent no token in a URL. A failing test leaves a screenshot and gets
// the page's text and the processes' output appended to its error.
import { after, before, test } from 'node:test';

import { assertNoProblems, assertRequestsClean, launchBrowser, openPage, screenshot } from './browser.mjs';
import { startSystem } from './system.mjs';

const JWT_SHAPE = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/;
const tail = (text, size) => (text.length > size ? `...${text.slice(-size)}` : text);

/**
 * @param {string} name prefix of this file's screenshots
 * @param {{serviceEnv?: Record<string, string>, proxy?: boolean}} [options] proxy: load the app
 *   through the shipped nginx over HTTPS (lib/system.mjs)
 */
export function browserSuite(name, { serviceEnv, proxy = false } = {}) {
  const suite = { system: null, browser: null };
  let shots = 0;

  before(async () => {
    suite.system = await startSystem({ serviceEnv, proxy });
    suite.browser = await launchBrowser(suite.system.browserArgs);
  });
  after(async () => {
    await suite.browser?.close().catch(() => {});
    await suite.system?.stop();
  });

  /**
   * @param {string} title
   * @param {(t: {page: import('playwright-core').Page, context: import('playwright-core').BrowserContext,
   *   system: object, shot: (screen: string) => Promise<string>, problems: object[]}) => Promise<void>} body
   * @param {{viewport?: {width: number, height: number}, allowStatuses?: number[], allowFailures?: RegExp}} [options]
   */
  suite.test = (title, body, { viewport, allowStatuses = [], allowFailures, timeout = 120_000 } = {}) =>
    test(title, { timeout }, async () => {
      const session = await openPage(suite.browser, { baseUrl: suite.system.pageUrl, viewport });
      const { page } = session;
      const shot = (screen) => screenshot(page, `${name}-${String(++shots).padStart(2, '0')}-${screen}`);
      try {
        await body({ ...session, system: suite.system, shot });
        assertNoProblems(session.problems, { allowStatuses, allowFailures });
        const withToken = session.requests.find((url) => JWT_SHAPE.test(decodeURIComponent(url)));
        if (withToken) throw new Error(`the page put a token in a URL: ${withToken}`);
        assertRequestsClean(session.requests, undefined, suite.system.pageHosts);
      } catch (error) {
        const file = await screenshot(page, `${name}-FAILED-${title.replace(/\W+/g, '-')}`).catch((e) => `none: ${e.message}`);
        const text = await page.locator('body').innerText({ timeout: 2000 }).catch((e) => `unavailable: ${e.message}`);
        error.message += `\n--- screenshot: ${file}\n--- page URL: ${page.url()}\n--- page text:\n${tail(text, 3000)}` +
          `\n--- page problems: ${JSON.stringify(session.problems, null, 1)}` +
          `\n--- process output (tail):\n${tail(suite.system.logs(), 6000)}`;
        throw error;
      } finally {
        await session.context.close().catch(() => {});
      }
    });

  return suite;
}
