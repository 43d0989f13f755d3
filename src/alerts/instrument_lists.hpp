// The symbols each exchange lists, as far as this process knows them (DESIGN.md section 11): an
// alert on a symbol its exchange does not list is refused once the list is known; until then any
// well-formed symbol is accepted. Filled at start and hourly from the exchanges (app/), read by
// alert_service on request threads. Thread-safe behind a shared mutex.
#pragma once

#include "core/exchange.hpp"

#include <map>
#include <set>
#include <shared_mutex>
#include <string>

namespace pricewatch {

enum class listing { unknown, listed, not_listed };

class instrument_lists {
 public:
  // The exchange's whole list as it answered now, in place of what was known before.
  void replace(exchange_id exchange, std::set<std::string> symbols);
  // unknown while the exchange's list was never loaded.
  listing find(exchange_id exchange, const std::string& symbol) const;
  bool known(exchange_id exchange) const;

 private:
  mutable std::shared_mutex mutex_;
  std::map<exchange_id, std::set<std::string>> symbols_;
};

}  // namespace pricewatch
