#include "feed/trade_continuity.hpp"

#include <algorithm>

namespace pricewatch {

trade_continuity::verdict trade_continuity::trade(const std::string& symbol, std::int64_t order,
                                                  std::int64_t trade_id, time_point time) {
  verdict result;
  auto [entry, fresh] = symbols_.try_emplace(symbol, seen{order, trade_id, time});
  if (fresh) return result;
  auto& last = entry->second;
  if (order <= last.order) {
    result.late = true;
    return result;
  }
  if (trade_id > last.trade_id + 1) result.missed = missed_stretch{symbol, last.time, time};
  last = seen{order, std::max(last.trade_id, trade_id), std::max(last.time, time)};
  return result;
}

trade_continuity::verdict trade_continuity::counted(const std::string& symbol, std::int64_t order,
                                                    std::int64_t last_trade_id, time_point time) {
  verdict result;
  auto [entry, fresh] = symbols_.try_emplace(symbol, seen{order, last_trade_id, time});
  if (fresh) return result;
  auto& last = entry->second;
  if (order <= last.order) {
    result.late = true;
    return result;
  }
  last.order = order;
  if (last_trade_id > last.trade_id) {
    result.missed = missed_stretch{symbol, last.time, time};
    last.trade_id = last_trade_id;
    last.time = std::max(last.time, time);
  }
  return result;
}

void trade_continuity::start_at(const std::string& symbol, std::int64_t order, std::int64_t trade_id, time_point time) {
  auto& last = symbols_[symbol];
  last = seen{std::max(last.order, order), std::max(last.trade_id, trade_id), std::max(last.time, time)};
}

}  // namespace pricewatch
