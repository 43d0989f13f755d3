// format.js: how the app writes prices, changes, times and alerts in plain words. Prices arrive
// as exact decimal strings ("51000.5") and are shown with the reader's thousands separators
// ("51,000.5") by working on the text, never through a double, so no digit is ever lost.

const separators = (() => {
  const parts = new Intl.NumberFormat(undefined).formatToParts(1234567.5);
  return {
    group: (parts.find((part) => part.type === 'group') || { value: ',' }).value,
    decimal: (parts.find((part) => part.type === 'decimal') || { value: '.' }).value,
  };
})();

// "51000.5" -> "51,000.5" (in English); anything that is not a plain decimal is returned as it is.
export function groupDigits(text) {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(String(text ?? ''));
  if (!match) return String(text ?? '');
  const [, sign, whole, fraction] = match;
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, separators.group);
  return `${sign}${grouped}${fraction === undefined ? '' : separators.decimal + fraction}`;
}

// What a person may type as a price: the reader's thousands separators between digits are
// dropped ("51,000.5" -> "51000.5"), unless they are points, which the API reads as decimals.
export function ungroupDigits(text) {
  const plain = String(text).trim();
  if (separators.group === '.') return plain;
  const group = /\s/.test(separators.group) ? '\\s' : separators.group;
  return plain.replace(new RegExp(`(?<=\\d)[${group}](?=\\d{3})`, 'g'), '');
}

// "2.5" -> "+2.5%", "-4" -> "−4%", "0" -> "0%": a 24-hour change as the API gives it.
export function formatChange(text) {
  const match = /^(-?)(\d+(?:\.\d+)?)$/.exec(String(text ?? ''));
  if (!match) return '';
  const zero = !/[1-9]/.test(match[2]);
  const sign = zero ? '' : match[1] ? '\u2212' : '+';
  return `${sign}${groupDigits(match[2])}%`;
}

// 'up', 'down' or 'flat', for colouring a change.
export function changeDirection(text) {
  if (!/[1-9]/.test(String(text ?? ''))) return 'flat';
  return String(text).startsWith('-') ? 'down' : 'up';
}

export const WINDOWS = { '1m': '1 minute', '5m': '5 minutes', '15m': '15 minutes', '1h': '1 hour', '4h': '4 hours', '24h': '24 hours' };

// 300 -> "5 minutes", 3600 -> "1 hour", 90 -> "90 seconds".
export function durationWords(seconds) {
  const units = [[86400, 'day'], [3600, 'hour'], [60, 'minute'], [1, 'second']];
  for (const [size, name] of units) {
    if (seconds >= size && seconds % size === 0) {
      const count = seconds / size;
      return `${count} ${name}${count === 1 ? '' : 's'}`;
    }
  }
  return `${seconds} seconds`;
}

// The condition in plain words, without the symbol: "crosses up 52,000", "rises 5% within 1 hour".
export function conditionWords({ condition, price, percent, window }) {
  const level = groupDigits(price);
  switch (condition) {
    case 'above': return `is at or above ${level}`;
    case 'below': return `is at or below ${level}`;
    case 'crossing_up': return `crosses up ${level}`;
    case 'crossing_down': return `crosses down ${level}`;
    case 'crossing': return `crosses ${level} either way`;
    case 'moving_up': return `rises ${groupDigits(percent)}% within ${WINDOWS[window] || window}`;
    case 'moving_down': return `falls ${groupDigits(percent)}% within ${WINDOWS[window] || window}`;
    default: return `${condition} ${level}`;
  }
}

const dayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const dayYearFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });

// "31 Dec" this year, "31 Dec 2027" in another (in the reader's order and month names).
export function dayWords(date) {
  return (date.getFullYear() === new Date().getFullYear() ? dayFormat : dayYearFormat).format(date);
}

// "once" or "every time, at most once per 5 minutes", then ", until 31 Dec" when it ends.
export function frequencyWords({ frequency, cooldown_seconds: cooldown, expires_at: expiresAt }) {
  let words = frequency === 'every_time' ? `every time, at most once per ${durationWords(cooldown)}` : 'once';
  if (expiresAt) words += `, until ${dayWords(new Date(expiresAt))}`;
  return words;
}

export const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });

export function timeElement(iso) {
  const time = document.createElement('time');
  time.dateTime = iso;
  time.textContent = timeFormat.format(new Date(iso));
  return time;
}

// An alert's status in the app's words: the API's `created` is an alert still watching, shown
// as "active"; the others read as they are.
export const statusWord = (status) => (status === 'created' ? 'active' : status);

// What became of one delivery, in words. "saved": the server has no mail server (mail.url) and
// only wrote the message to its outbox folder, so nobody was mailed: never call that "sent".
export function deliveryWords(kind, status) {
  if (status === 'saved') return `${kind} saved on the server, not sent`;
  return `${kind} ${status}`;
}

export const SAVED_HINT = 'No mail server is configured (mail.url): the message was only written to the server\'s outbox folder.';
