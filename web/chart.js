// chart.js: a small chart of one symbol's prices over the last minutes, drawn on a <canvas>,
// with the user's alert levels as dashed lines across it. A price holds until the next trade, so
// the line is drawn as steps and carried on to "now". Colours come from CSS custom properties on
// the canvas, so the chart follows the theme. The price scale is left on the canvas's data-*
// attributes, so that a click can be turned back into a price (priceAt).

export const WINDOW_MS = 5 * 60 * 1000;
const MIN_SPAN_MS = 60 * 1000; // a new chart spans one minute, growing to WINDOW_MS as trades come

// Drops points the chart can no longer show, keeping the one just before the window, which
// gives the price at the window's left edge. Points are {t: server ms, p: number}, ascending.
export function trim(points, now) {
  const start = now - WINDOW_MS;
  let firstInside = points.findIndex((point) => point.t >= start);
  if (firstInside === -1) firstInside = points.length;
  if (firstInside > 1) points.splice(0, firstInside - 1);
}

function colours(canvas) {
  const style = getComputedStyle(canvas);
  const read = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
  return {
    line: read('--chart-line', '#2563eb'),
    fill: read('--chart-fill', 'rgba(37, 99, 235, 0.12)'),
    grid: read('--chart-grid', 'rgba(127, 127, 127, 0.25)'),
    text: read('--chart-text', '#555'),
    alert: read('--chart-alert', '#d97706'),
    paused: read('--chart-paused', '#8a8f98'),
  };
}

const label = (value) => value.toLocaleString(undefined, { maximumFractionDigits: 8 });

// Sizes the backing store to the element's CSS size times the pixel ratio, for sharp lines.
function prepare(canvas) {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  if (width === 0 || height === 0) return null;
  const backingWidth = Math.round(width * ratio);
  const backingHeight = Math.round(height * ratio);
  if (canvas.width !== backingWidth) canvas.width = backingWidth;
  if (canvas.height !== backingHeight) canvas.height = backingHeight;
  const context = canvas.getContext('2d');
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, width, height);
  return { context, width, height };
}

// The mark before a level's label: where the price must be, or which way it must cross.
const MARKS = { above: '\u2265', below: '\u2264', crossing_up: '\u2191', crossing_down: '\u2193', crossing: '\u2195' };

// The price scale as the last drawing left it: the prices at the plot's top and bottom edges.
function keepScale(canvas, { low, high, top, bottom }) {
  Object.assign(canvas.dataset, { low: String(low), high: String(high), top: String(top), bottom: String(bottom) });
}

// The price at a height (CSS pixels from the canvas's top), or null before anything was drawn.
export function priceAt(canvas, y) {
  const { low, high, top, bottom } = Object.fromEntries(
    ['low', 'high', 'top', 'bottom'].map((key) => [key, Number(canvas.dataset[key])]));
  if (![low, high, top, bottom].every(Number.isFinite) || high <= low) return null;
  const clamped = Math.min(bottom, Math.max(top, y));
  return low + ((bottom - clamped) / (bottom - top)) * (high - low);
}

// levels: [{ price: number, text, condition, paused }], the user's alerts on this symbol.
export function drawChart(canvas, points, now, levels = []) {
  const surface = prepare(canvas);
  if (!surface) return; // not laid out (hidden): drawn again when it is
  const { context, width, height } = surface;
  const colour = colours(canvas);
  const top = 16;
  const bottom = height - 16;
  const span = points.length === 0 ? MIN_SPAN_MS
    : Math.min(WINDOW_MS, Math.max(MIN_SPAN_MS, now - points[0].t));
  const start = now - span;
  context.font = '11px system-ui, sans-serif';
  context.fillStyle = colour.text;

  context.strokeStyle = colour.grid;
  context.lineWidth = 1;
  context.beginPath();
  context.moveTo(0, top + 0.5);
  context.lineTo(width, top + 0.5);
  context.moveTo(0, bottom + 0.5);
  context.lineTo(width, bottom + 0.5);
  context.stroke();
  context.textBaseline = 'top';
  context.fillText(`${Math.round(span / 60000)} min ago`, 2, bottom + 3);
  context.textAlign = 'right';
  context.fillText('now', width - 2, bottom + 3);
  context.textAlign = 'left';

  if (points.length === 0 && levels.length === 0) {
    delete canvas.dataset.low;
    context.textBaseline = 'middle';
    context.fillText('Waiting for trades…', 8, (top + bottom) / 2);
    return;
  }
  // The scale holds the prices and every alert level, so that each line is on the chart.
  const values = [...points.map((point) => point.p), ...levels.map((level) => level.price)];
  const lowest = Math.min(...values);
  const highest = Math.max(...values);
  // A flat line sits in the middle rather than on an edge; levels keep off the edges a little.
  const pad = lowest === highest ? Math.abs(lowest) * 0.001 || 1 : levels.length ? (highest - lowest) * 0.04 : 0;
  const low = lowest - pad;
  const high = highest + pad;
  keepScale(canvas, { low, high, top, bottom });
  const x = (t) => ((Math.max(t, start) - start) / span) * width;
  const y = (p) => bottom - ((p - low) / (high - low)) * (bottom - top);
  if (points.length === 0) {
    drawLevels(context, levels, y, width, colour, (top + bottom) / 2);
    context.fillStyle = colour.text;
    context.textAlign = 'right';
    context.textBaseline = 'bottom';
    context.fillText('Waiting for trades…', width - 4, bottom - 3); // clear of the levels' labels
    context.textAlign = 'left';
    return;
  }

  context.beginPath();
  context.moveTo(x(points[0].t), y(points[0].p));
  for (let i = 1; i < points.length; i += 1) {
    context.lineTo(x(points[i].t), y(points[i - 1].p));
    context.lineTo(x(points[i].t), y(points[i].p));
  }
  const last = points[points.length - 1];
  context.lineTo(width, y(last.p));
  context.strokeStyle = colour.line;
  context.lineWidth = 2;
  context.stroke();
  context.lineTo(width, bottom);
  context.lineTo(x(points[0].t), bottom);
  context.closePath();
  context.fillStyle = colour.fill;
  context.fill();

  context.fillStyle = colour.line;
  context.beginPath();
  context.arc(Math.min(x(last.t), width - 3), y(last.p), 3, 0, Math.PI * 2);
  context.fill();

  drawLevels(context, levels, y, width, colour, (top + bottom) / 2); // over the price, so that each stays visible
  const pricesLow = Math.min(...points.map((point) => point.p));
  const pricesHigh = Math.max(...points.map((point) => point.p));
  context.fillStyle = colour.text;
  context.textBaseline = 'bottom';
  context.fillText(`high ${label(pricesHigh)}`, 2, top - 2);
  context.textAlign = 'right';
  context.fillText(`low ${label(pricesLow)}`, width - 2, top - 2);
  context.textAlign = 'left';
}

// Each level as a dashed line across the plot, labelled at its left end ("≥ 52,000"): below the
// line in the plot's upper half and above it in the lower, so that labels stay inside the plot.
function drawLevels(context, levels, y, width, colour, middle) {
  context.save();
  context.lineWidth = 2;
  context.setLineDash([6, 4]);
  for (const level of levels) {
    const at = Math.round(y(level.price)) + 0.5;
    context.strokeStyle = level.paused ? colour.paused : colour.alert;
    context.beginPath();
    context.moveTo(0, at);
    context.lineTo(width, at);
    context.stroke();
    context.fillStyle = context.strokeStyle;
    const upper = at < middle;
    context.textBaseline = upper ? 'top' : 'bottom';
    context.fillText(`${MARKS[level.condition] || ''} ${level.text}`.trim(), 4, upper ? at + 3 : at - 3);
  }
  context.restore();
}
