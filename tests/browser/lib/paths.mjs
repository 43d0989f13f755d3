// Where things are: the repository, the pricewatch binary (PRICEWATCH_BINARY, set by ctest),
// the fixtures, Chromium, and the artifacts folder for screenshots (PRICEWATCH_ARTIFACTS).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const browserTestsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = path.resolve(browserTestsDir, '../..');
export const fixturesDir = path.join(repoRoot, 'tests', 'fixtures');
export const python = '/usr/bin/python3';
export const chromiumPath = '/usr/bin/chromium';
export const pricewatchBinary = process.env.PRICEWATCH_BINARY || path.join(repoRoot, 'build', 'dev', 'pricewatch');
export const artifactsDir = process.env.PRICEWATCH_ARTIFACTS || path.join(repoRoot, 'build', 'browser-artifacts');
