// Debian's nginx running the shipped deploy/nginx/pricewatch.conf in front of pricewatch, over
// HTTPS, for the browser: tests/deploy/nginx_test_setup.sh replaces only the file's placeholders
// (loopback ports, a self-signed certificate for alerts.example.com, the api processes' ports).
// Chromium reaches it as https://alerts.example.com:<port>, the name mapped to 127.0.0.1 and that
// one certificate accepted by its public key, nothing else.
import { spawnSync } from 'node:child_process';
import { X509Certificate, createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

import { repoRoot } from './paths.mjs';
import { startProcess } from './processes.mjs';

export const SERVER_NAME = 'alerts.example.com';
const NGINX = '/usr/sbin/nginx';

/** A port free on 127.0.0.1 now (nginx binds it a moment later). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The base64 SHA-256 of a certificate's public key, as --ignore-certificate-errors-spki-list takes it. */
function spkiHash(certificateFile) {
  const key = new X509Certificate(fs.readFileSync(certificateFile)).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(key).digest('base64');
}

/**
 * Starts nginx in `directory` in front of the pricewatch processes listening on `apiPorts` (two;
 * the same one twice when there is one process).
 * @returns {Promise<{url: string, browserArgs: string[], handle: object}>}
 */
export async function startProxy(directory, apiPorts) {
  if (!fs.existsSync(NGINX)) throw new Error(`${NGINX} is missing: run scripts/install-deps.sh test`);
  const httpPort = await freePort();
  let httpsPort = await freePort();
  while (httpsPort === httpPort) httpsPort = await freePort();
  const setup = spawnSync(path.join(repoRoot, 'tests', 'deploy', 'nginx_test_setup.sh'),
    [directory, String(httpPort), String(httpsPort), ...apiPorts.map(String)], { encoding: 'utf8' });
  if (setup.status !== 0) throw new Error(`nginx_test_setup.sh failed: ${setup.stderr}${setup.stdout}`);
  const handle = await startProcess('nginx', NGINX,
    ['-e', 'stderr', '-p', directory, '-c', path.join(directory, 'nginx.conf')],
    { stream: 'stderr', cwd: directory, ready: /start worker processes/ });
  return {
    url: `https://${SERVER_NAME}:${httpsPort}`,
    browserArgs: [`--host-resolver-rules=MAP ${SERVER_NAME} 127.0.0.1`,
      `--ignore-certificate-errors-spki-list=${spkiHash(path.join(directory, 'cert.pem'))}`],
    handle,
  };
}
