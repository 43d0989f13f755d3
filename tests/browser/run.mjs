#!/usr/bin/env node
// Runs the browser tests (ctest's browser_app): checks first that everything they need is there
// and fails with what to do when it is not (never skips), then runs tests/*.test.mjs with
// `node --test`, one file at a time. Usage: node tests/browser/run.mjs [test files...]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { artifactsDir, browserTestsDir, chromiumPath, pricewatchBinary, python } from './lib/paths.mjs';

const problems = [];
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 10)) {
  problems.push(`Node.js ${process.versions.node} is too old: playwright-core and node --test --test-concurrency need 20.10 or newer`);
}
if (!fs.existsSync(chromiumPath)) {
  problems.push(`${chromiumPath} is missing: run scripts/install-deps.sh test (it installs Debian's chromium)`);
}
if (!fs.existsSync(path.join(browserTestsDir, 'node_modules', 'playwright-core', 'package.json'))) {
  problems.push('tests/browser/node_modules is missing: run npm ci --prefix tests/browser');
}
if (!fs.existsSync(python)) problems.push(`${python} is missing: run scripts/install-deps.sh test`);
// tests/proxy.test.mjs runs the shipped nginx configuration with a certificate openssl makes.
for (const tool of ['/usr/sbin/nginx', '/usr/bin/openssl']) {
  if (!fs.existsSync(tool)) problems.push(`${tool} is missing: run scripts/install-deps.sh test`);
}
if (!fs.existsSync(pricewatchBinary)) {
  problems.push(`the pricewatch binary ${pricewatchBinary} is missing: build it (cmake --build --preset dev) or set PRICEWATCH_BINARY`);
}
if (problems.length) {
  console.error(`browser tests cannot run:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}

// Screenshots of this run only: the previous run's go.
if (fs.existsSync(artifactsDir)) {
  for (const name of fs.readdirSync(artifactsDir)) {
    if (name.endsWith('.png')) fs.rmSync(path.join(artifactsDir, name));
  }
}

const testsDir = path.join(browserTestsDir, 'tests');
const files = process.argv.length > 2
  ? process.argv.slice(2).map((file) => path.resolve(file))
  : fs.readdirSync(testsDir).filter((name) => name.endsWith('.test.mjs')).sort().map((name) => path.join(testsDir, name));
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...files], { stdio: 'inherit', cwd: browserTestsDir });
process.exit(result.status ?? 1);
