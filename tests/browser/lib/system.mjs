// The system under test for one test file: the fake exchange, the SMTP sink and the real
// pricewatch binary, in a fresh temporary directory, all on 127.0.0.1 with ports picked by the
// OS; with `proxy`, the shipped nginx in front of pricewatch over HTTPS too (lib/proxy.mjs).
// `stop()` ends every process and removes the directory (keep it with PRICEWATCH_KEEP_TMP=1).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { fixturesDir, pricewatchBinary, python } from './paths.mjs';
import { startProcess } from './processes.mjs';
import { SERVER_NAME, startProxy } from './proxy.mjs';

/** The JWT secret pricewatch runs with (40 characters), which the tests use to forge tokens. */
export const JWT_SECRET = 'browser-tests-jwt-secret-0123456789abcde';

function serviceEnvironment({ directory, listen, exchangeUrl, smtpUrl, secret, extra }) {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('PRICEWATCH_')) delete env[name];
  const exchangePort = new URL(exchangeUrl).port;
  return {
    ...env,
    PRICEWATCH_HTTP_LISTEN: listen,
    PRICEWATCH_DATABASE_URL: `sqlite://${path.join(directory, 'pw.db')}`,
    PRICEWATCH_FEED_WS_URL: `ws://127.0.0.1:${exchangePort}`,
    PRICEWATCH_FEED_REST_URL: `http://127.0.0.1:${exchangePort}`,
    // The other exchanges too, each in its own format on the same fake (tests/fixtures/README.md):
    // their instrument lists are asked at start, and nothing may leave 127.0.0.1.
    PRICEWATCH_FEED_BINANCEUS_WS_URL: `ws://127.0.0.1:${exchangePort}`,
    PRICEWATCH_FEED_BINANCEUS_REST_URL: `http://127.0.0.1:${exchangePort}`,
    PRICEWATCH_FEED_COINBASE_WS_URL: `ws://127.0.0.1:${exchangePort}`,
    PRICEWATCH_FEED_COINBASE_REST_URL: `http://127.0.0.1:${exchangePort}`,
    PRICEWATCH_FEED_KRAKEN_WS_URL: `ws://127.0.0.1:${exchangePort}/v2`,
    PRICEWATCH_FEED_KRAKEN_REST_URL: `http://127.0.0.1:${exchangePort}`,
    PRICEWATCH_MAIL_URL: smtpUrl,
    PRICEWATCH_AUTH_JWT_SECRET: secret,
    ...extra,
  };
}

/**
 * Starts the three processes. `serviceEnv` adds PRICEWATCH_* settings to pricewatch's. With
 * `proxy`, nginx too, which pricewatch trusts (http.trusted_proxies), and the page is loaded
 * through it: `pageUrl` is then https://alerts.example.com:<port>, `browserArgs` what Chromium
 * needs to reach it, `pageHosts` the host names the page may request. `baseUrl` is pricewatch
 * itself, for the API helpers.
 * @returns {Promise<{baseUrl: string, pageUrl: string, browserArgs: string[], pageHosts: string[],
 *   exchangeUrl: string, maildir: string, directory: string,
 *   secret: string, restartService: (options?: {secret?: string}) => Promise<void>, logs: () => string,
 *   stop: () => Promise<void>}>}
 */
export async function startSystem({ serviceEnv = {}, proxy = false } = {}) {
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), 'pricewatch-browser-'));
  const maildir = path.join(directory, 'mail');
  await fs.mkdir(maildir);
  const processes = [];
  const system = {
    directory,
    maildir,
    secret: JWT_SECRET,
    baseUrl: '',
    pageUrl: '',
    browserArgs: [],
    pageHosts: ['127.0.0.1'],
    exchangeUrl: '',
    logs: () => processes.map((p) => `---- ${p.name} ----\n${p.handle.output()}`).join('\n'),
    async stop() {
      for (const p of processes.reverse()) await p.handle.stop();
      if (!process.env.PRICEWATCH_KEEP_TMP) await fs.rm(directory, { recursive: true, force: true });
    },
  };
  const track = (name, handle) => {
    processes.push({ name, handle });
    return handle;
  };
  let smtpUrl;
  const startService = async (listen, secret) => {
    const trusting = proxy ? { PRICEWATCH_HTTP_TRUSTED_PROXIES: '127.0.0.1' } : {};
    const env = serviceEnvironment({ directory, listen, exchangeUrl: system.exchangeUrl, smtpUrl, secret,
      extra: { ...trusting, ...serviceEnv } });
    return startProcess('pricewatch', pricewatchBinary, ['serve'], { stream: 'stderr', env, cwd: directory });
  };
  try {
    const exchange = track('fake exchange', await startProcess('fake exchange', python,
      [path.join(fixturesDir, 'fake_exchange.py'), '--port', '0'], { cwd: directory }));
    system.exchangeUrl = exchange.url;
    const sink = track('smtp sink', await startProcess('smtp sink', python,
      [path.join(fixturesDir, 'smtp_sink.py'), '--maildir', maildir, '--port', '0'], { cwd: directory }));
    smtpUrl = sink.url;
    let service = track('pricewatch', await startService('127.0.0.1:0', JWT_SECRET));
    system.baseUrl = service.url;
    system.pageUrl = service.url;
    if (proxy) {
      // One pricewatch here: both of the shipped configuration's api processes are it (the
      // end-to-end test tests/e2e/proxy_test.cpp runs two).
      const nginxDirectory = path.join(directory, 'nginx');
      await fs.mkdir(nginxDirectory);
      const port = Number(new URL(service.url).port);
      const nginx = await startProxy(nginxDirectory, [port, port]);
      track('nginx', nginx.handle);
      system.pageUrl = nginx.url;
      system.browserArgs = nginx.browserArgs;
      system.pageHosts = ['127.0.0.1', SERVER_NAME];
    }

    // Restarts pricewatch on the same port and database, optionally with another JWT secret
    // (which makes every token issued so far invalid: the browser's next request gets a 401).
    system.restartService = async ({ secret = system.secret } = {}) => {
      await service.stop();
      processes.splice(processes.findIndex((p) => p.handle === service), 1);
      service = track('pricewatch', await startService(`127.0.0.1:${new URL(system.baseUrl).port}`, secret));
      system.secret = secret;
    };
    return system;
  } catch (error) {
    await system.stop();
    throw error;
  }
}
