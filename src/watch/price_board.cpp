#include "watch/price_board.hpp"

#include <mutex>

namespace pricewatch {

void price_board::update(const std::string& symbol, board_entry entry) {
  std::unique_lock lock(mutex_);
  auto& slot = entries_[symbol];
  // Frames can arrive out of order across a reconnect; keep the newest trade.
  if (entry.trade_time >= slot.trade_time) slot = entry;
}

std::optional<board_entry> price_board::find(const std::string& symbol) const {
  std::shared_lock lock(mutex_);
  const auto found = entries_.find(symbol);
  if (found == entries_.end()) return std::nullopt;
  return found->second;
}

std::map<std::string, board_entry> price_board::all() const {
  std::shared_lock lock(mutex_);
  return entries_;
}

}  // namespace pricewatch
