// validate.js: the API's own input rules, checked before sending so that the person gets the
// same message at once (the API still checks, and its message is shown if it refuses anyway).
// Each check returns null when the value is fine, else the API's message.

// src/alerts/alert_rules.cpp (validate_symbol): each exchange's own form. Binance and Binance.US:
// 2 to 20 upper-case ASCII letters or digits; Coinbase: BASE-QUOTE, Kraken: BASE/QUOTE, each
// name 1 to 10 upper-case letters or digits.
const PAIR = { coinbase: '-', kraken: '/' };
const PAIR_MESSAGES = {
  coinbase: 'A Coinbase symbol is two upper-case names joined by -, such as BTC-USD.',
  kraken: 'A Kraken symbol is two upper-case names joined by /, such as BTC/USD.',
};

export function symbolError(symbol, exchange = 'binance') {
  const separator = PAIR[exchange];
  if (separator) {
    const at = symbol.indexOf(separator);
    const base = symbol.slice(0, at);
    const quote = symbol.slice(at + 1);
    const name = /^[A-Z0-9]{1,10}$/;
    return at > 0 && name.test(base) && name.test(quote) ? null : PAIR_MESSAGES[exchange];
  }
  return /^[A-Z0-9]{2,20}$/.test(symbol)
    ? null
    : 'Symbol must be 2 to 20 upper-case letters or digits, such as BTCUSDT.';
}

// src/core/price.cpp (price::parse) and validate_target: plain decimal text, at most 8
// decimals, at most 10,000,000,000, and above zero.
export function priceError(text) {
  if (text === '') return 'Price is required.';
  const dot = text.indexOf('.');
  const whole = dot === -1 ? text : text.slice(0, dot);
  const fraction = dot === -1 ? '' : text.slice(dot + 1);
  if (whole === '' || (dot !== -1 && fraction === '')) {
    return 'Price must be a decimal number such as 51000 or 51000.5.';
  }
  if (!/^\d+$/.test(whole)) {
    return text.startsWith('-') ? 'Price must be positive.' : 'Price must be a number.';
  }
  if (!/^\d*$/.test(fraction)) return 'Price must be a number.';
  if (fraction.length > 8) return 'Price must have at most 8 decimal places.';
  const significant = whole.replace(/^0+/, '');
  // Compare as text: numbers this long lose precision as JavaScript doubles.
  const tooLarge = significant.length > 11
    || (significant.length === 11 && (significant > '10000000000' || /[1-9]/.test(fraction)));
  if (tooLarge) return 'Price is too large.';
  if (significant === '' && !/[1-9]/.test(fraction)) return 'Price must be positive.';
  return null;
}

// src/api/alert_request_json.cpp and src/alerts/alert_rules.cpp (validate_percent): a decimal
// from 0.01 to 1000 with at most two decimals.
export function percentError(text) {
  const message = 'Percent must be a number from 0.01 to 1000, with at most two decimals.';
  if (text === '') return 'A moving alert needs a percent from 0.01 to 1000.';
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) return message;
  const hundredths = Number(match[1]) * 100 + Number((match[2] || '').padEnd(2, '0'));
  return hundredths >= 1 && hundredths <= 100000 ? null : message;
}

export const WINDOW_VALUES = ['1m', '5m', '15m', '1h', '4h', '24h'];

export function windowError(value) {
  return WINDOW_VALUES.includes(value) ? null : 'A moving alert needs a window: 1m, 5m, 15m, 1h, 4h or 24h.';
}

// min_cooldown and max_cooldown: 10 seconds to 30 days.
export function cooldownError(seconds) {
  return Number.isInteger(seconds) && seconds >= 10 && seconds <= 2592000
    ? null : 'cooldown_seconds must be from 10 to 2592000 (30 days).';
}

// validate_request: a new end must be in the future (an unchanged one may stay as it is).
export function expiryError(when, now = new Date()) {
  return when === null || when.getTime() > now.getTime() ? null : 'expires_at must be in the future.';
}

// max_note_characters: 500 code points.
export function noteError(text) {
  return [...text].length <= 500 ? null : 'A note has at most 500 characters.';
}

// src/auth/email_address.cpp: local@domain, the domain dotted labels (or localhost).
export function emailError(text) {
  const at = text.lastIndexOf('@');
  const local = text.slice(0, at);
  const domain = text.slice(at + 1).toLowerCase();
  const label = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
  const labels = domain.split('.');
  const valid = at > 0 && text.length <= 254 && local.length <= 64
    && /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+$/.test(local)
    && !local.startsWith('.') && !local.endsWith('.') && !local.includes('..')
    && domain.length <= 253 && labels.every((part) => label.test(part))
    && (labels.length >= 2 || domain === 'localhost');
  return valid ? null : 'Enter a valid email address.';
}

// src/auth/email_address.cpp (check_password_policy): 8 to 256 characters (code points).
export function passwordError(text) {
  const characters = [...text].length;
  return characters >= 8 && characters <= 256 ? null : 'Password must have 8 to 256 characters.';
}
