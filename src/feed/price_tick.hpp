// What an exchange feed reports: one price of a symbol and when it traded, or the low and high of
// a stretch the feed missed. Prices are exact (1e-8 units), never doubles.
#pragma once

#include "core/clock.hpp"
#include "core/price.hpp"

#include <string>

namespace pricewatch {

// One price from the exchange: which symbol, the exact price, and when the trade happened (the
// exchange's trade time, not our arrival time: a price's age is measured from it).
struct price_tick {
  std::string symbol;
  price value;
  time_point trade_time;
};

// The low and high of a symbol over [from, until), a stretch the feed did not see live (a
// reconnect, an outage), read from the exchange's candles: the alerts it crossed must fire too.
struct price_gap {
  std::string symbol;
  price low;
  price high;
  time_point from;
  time_point until;
};

}  // namespace pricewatch
