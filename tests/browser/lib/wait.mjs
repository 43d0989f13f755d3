// Waiting on conditions with deadlines (never fixed sleeps): `eventually` polls a function until
// it returns a truthy value or the deadline passes, then fails with the last value or error.
import { setTimeout as delay } from 'node:timers/promises';

export const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Polls `probe` (sync or async) until it returns something truthy, and returns that.
 * @param {() => any} probe
 * @param {{timeout?: number, interval?: number, message?: string}} [options]
 */
export async function eventually(probe, { timeout = DEFAULT_TIMEOUT_MS, interval = 50, message = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  let lastError;
  for (;;) {
    try {
      last = await probe();
      lastError = undefined;
      if (last) return last;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const why = lastError ? `last error: ${lastError.stack ?? lastError}` : `last value: ${JSON.stringify(last)}`;
      throw new Error(`timed out after ${timeout} ms waiting for ${message}; ${why}`);
    }
    await delay(interval);
  }
}

/** Waits until a locator's text content (trimmed) equals `expected`, with a readable failure. */
export async function expectText(locator, expected, { timeout = DEFAULT_TIMEOUT_MS } = {}) {
  let seen;
  await eventually(async () => {
    seen = (await locator.textContent({ timeout: 1000 }))?.trim();
    return seen === expected;
  }, { timeout, message: `${locator} to have text ${JSON.stringify(expected)} (saw ${JSON.stringify(seen)})` });
}

/** Waits until a locator's text content contains `expected` (a string or a RegExp). */
export async function expectTextMatching(locator, expected, { timeout = DEFAULT_TIMEOUT_MS } = {}) {
  let seen;
  await eventually(async () => {
    seen = await locator.textContent({ timeout: 1000 });
    return typeof expected === 'string' ? seen?.includes(expected) : expected.test(seen ?? '');
  }, { timeout, message: `${locator} to contain ${expected} (saw ${JSON.stringify(seen)})` });
}
