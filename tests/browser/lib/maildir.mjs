// The SMTP sink's maildir: every accepted message is NNNNNN.eml (plus NNNNNN.json with the
// envelope). Reads the messages and their headers, and waits for one to arrive.
import fs from 'node:fs/promises';
import path from 'node:path';

import { eventually } from './wait.mjs';

/** Parses the header block of a message (unfolding continuation lines). */
function parseHeaders(raw) {
  const end = raw.search(/\r?\n\r?\n/);
  const block = (end < 0 ? raw : raw.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const headers = {};
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** Every stored message, oldest first: {file, raw, headers, envelope}. */
export async function readMails(maildir) {
  const names = (await fs.readdir(maildir)).filter((name) => /^\d+\.eml$/.test(name)).sort();
  return Promise.all(names.map(async (name) => {
    const raw = await fs.readFile(path.join(maildir, name), 'utf8');
    const envelope = JSON.parse(await fs.readFile(path.join(maildir, name.replace(/\.eml$/, '.json')), 'utf8'));
    return { file: name, raw, headers: parseHeaders(raw), envelope };
  }));
}

/** Waits for the mail about alert `id` (Message-ID <alert-ID@localhost>) and returns it. */
export async function waitForAlertMail(maildir, id, { timeout = 15_000 } = {}) {
  return eventually(async () => (await readMails(maildir)).find((mail) => mail.headers['message-id'] === `<alert-${id}@localhost>`),
    { timeout, interval: 100, message: `the mail for alert ${id} in ${maildir}` });
}
