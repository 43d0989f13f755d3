// Child processes of the tests (the fake exchange, the SMTP sink, pricewatch, nginx): started
// with spawn, ready once they print "listening on <url>" (or another line they are known by),
// stopped with SIGTERM (SIGKILL after a deadline), and killed when this Node process exits or is
// interrupted (SIGINT, SIGTERM).
import { spawn } from 'node:child_process';

const running = new Set();

process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => process.exit(128 + (signal === 'SIGINT' ? 2 : 15)));
}

const LISTENING = /listening on ((?:https?|smtp):\/\/127\.0\.0\.1:\d+)/;

/**
 * Starts `command args` and resolves once `ready` matches what it wrote on `stream` ('stdout' or
 * 'stderr'): by default a line "listening on <url>", whose URL becomes `url` (a pattern without a
 * group leaves it ''); rejects if the process exits first or the deadline passes.
 * @returns {Promise<{url: string, output: () => string, stop: () => Promise<void>, child: import('node:child_process').ChildProcess}>}
 */
export function startProcess(name, command, args,
  { stream = 'stdout', env = process.env, cwd, timeout = 15_000, ready = LISTENING } = {}) {
  const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  const record = (chunk) => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout.on('data', record);
  child.stderr.on('data', record);
  const exited = new Promise((resolve) => child.once('close', (code, signal) => {
    running.delete(child);
    resolve({ code, signal });
  }));

  let started = false;
  const handle = {
    child,
    url: '',
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };

  return new Promise((resolve, reject) => {
    let seen = '';
    const fail = (why) => {
      child.kill('SIGKILL');
      reject(new Error(`${name} (${command} ${args.join(' ')}) ${why}; its output:\n${output}`));
    };
    const timer = setTimeout(() => fail(`printed nothing matching ${ready} within ${timeout} ms`), timeout);
    child.once('error', (error) => {
      clearTimeout(timer);
      fail(`could not start: ${error.message}`);
    });
    exited.then(({ code, signal }) => {
      if (started) return;
      clearTimeout(timer);
      fail(`exited (${code ?? signal}) before it was ready`);
    });
    child[stream].on('data', (chunk) => {
      if (started) return;
      seen += chunk.toString();
      const match = ready.exec(seen);
      if (match) {
        clearTimeout(timer);
        started = true;
        handle.url = match[1] ?? '';
        resolve(handle);
      }
    });
  });
}
