// clock.js: the server's clock as seen from here. Ages of prices are measured against trade
// times stamped by the server, so a skewed local clock must not make a fresh price look stale.
// The offset is learnt from GET /api/v1/prices/{symbol}, which gives both trade_time and age_ms.

let offsetMs = 0;

// trade_time (RFC 3339) plus age_ms was "now" on the server when it answered.
export function learnFromPrice(tradeTime, ageMs) {
  const trade = Date.parse(tradeTime);
  if (Number.isFinite(trade) && Number.isFinite(ageMs)) offsetMs = trade + ageMs - Date.now();
}

export const serverNow = () => Date.now() + offsetMs;
