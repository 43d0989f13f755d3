#include "alerts/instrument_lists.hpp"

#include <mutex>

namespace pricewatch {

void instrument_lists::replace(exchange_id exchange, std::set<std::string> symbols,
                               monotonic_clock::time_point loaded_at) {
  const std::unique_lock lock(mutex_);
  lists_[exchange] = list{std::move(symbols), list_age{loaded_at, false}};
}

void instrument_lists::failed(exchange_id exchange) {
  const std::unique_lock lock(mutex_);
  const auto found = lists_.find(exchange);
  if (found != lists_.end()) found->second.age.failing = true;
}

listing instrument_lists::find(exchange_id exchange, const std::string& symbol) const {
  const std::shared_lock lock(mutex_);
  const auto found = lists_.find(exchange);
  if (found == lists_.end()) return listing::unknown;
  return found->second.symbols.contains(symbol) ? listing::listed : listing::not_listed;
}

bool instrument_lists::known(exchange_id exchange) const {
  const std::shared_lock lock(mutex_);
  return lists_.contains(exchange);
}

std::optional<list_age> instrument_lists::age(exchange_id exchange) const {
  const std::shared_lock lock(mutex_);
  const auto found = lists_.find(exchange);
  if (found == lists_.end()) return std::nullopt;
  return found->second.age;
}

}  // namespace pricewatch
