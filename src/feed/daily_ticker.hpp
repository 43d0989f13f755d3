// A symbol's last price and its change over the last 24 hours, as an exchange's REST ticker gives
// them: what GET /api/v1/prices shows for a symbol the watcher does not follow, and the 24-hour
// change beside any price. Exact: the price in 1e-8 units, the change as decimal text.
#pragma once

#include "core/clock.hpp"
#include "core/price.hpp"

#include <string>

namespace pricewatch {

struct daily_ticker {
  std::string symbol;
  price last_price;
  // The change in percent, exactly as the exchange computed it, trailing zeros dropped: "-95.96",
  // "2.5", "0". Text, never a double.
  std::string change_percent;
  time_point as_of;  // when the exchange computed the ticker (the end of its 24-hour window)
};

}  // namespace pricewatch
