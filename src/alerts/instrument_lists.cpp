#include "alerts/instrument_lists.hpp"

#include <mutex>

namespace pricewatch {

void instrument_lists::replace(exchange_id exchange, std::set<std::string> symbols) {
  const std::unique_lock lock(mutex_);
  symbols_[exchange] = std::move(symbols);
}

listing instrument_lists::find(exchange_id exchange, const std::string& symbol) const {
  const std::shared_lock lock(mutex_);
  const auto list = symbols_.find(exchange);
  if (list == symbols_.end()) return listing::unknown;
  return list->second.contains(symbol) ? listing::listed : listing::not_listed;
}

bool instrument_lists::known(exchange_id exchange) const {
  const std::shared_lock lock(mutex_);
  return symbols_.contains(exchange);
}

}  // namespace pricewatch
