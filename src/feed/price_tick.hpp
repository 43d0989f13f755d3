// One price from the exchange: which symbol, the exact price, and when the trade happened (the
// exchange's trade time, not our arrival time: a price's age is measured from it).
#pragma once

#include "core/clock.hpp"
#include "core/price.hpp"

#include <string>

namespace pricewatch {

struct price_tick {
  std::string symbol;
  price value;
  time_point trade_time;
};

// The high and low of one stretch of time, for alerts a gap in the stream may have crossed.
struct price_range {
  std::string symbol;
  price low;
  price high;
};

}  // namespace pricewatch
