// The symbols each exchange lists, as far as this process knows them (DESIGN.md section 11): an
// alert on a symbol its exchange does not list is refused once the list is known; until then any
// well-formed symbol is accepted. Filled at start and hourly from the exchanges (app/), read by
// alert_service (through instrument_check) on request threads. Each list says when it was loaded
// and whether the last try to load it again failed, so that a symbol missing from a list that
// may be out of date is asked about again before it is refused. Thread-safe behind a shared mutex.
#pragma once

#include "core/clock.hpp"
#include "core/exchange.hpp"

#include <map>
#include <optional>
#include <set>
#include <shared_mutex>
#include <string>

namespace pricewatch {

enum class listing { unknown, listed, not_listed };

// How current an exchange's list is.
struct list_age {
  monotonic_clock::time_point loaded_at;  // when its symbols were read
  bool failing = false;                    // the last try to read it again failed (the list is kept)
};

class instrument_lists {
 public:
  // The exchange's whole list as it answered at loaded_at, in place of what was known before.
  void replace(exchange_id exchange, std::set<std::string> symbols, monotonic_clock::time_point loaded_at);
  // A try to read the exchange's list again failed: the list known (if any) is kept, marked failing.
  void failed(exchange_id exchange);
  // unknown while the exchange's list was never loaded.
  listing find(exchange_id exchange, const std::string& symbol) const;
  bool known(exchange_id exchange) const;
  // nullopt while the exchange's list was never loaded.
  std::optional<list_age> age(exchange_id exchange) const;

 private:
  struct list {
    std::set<std::string> symbols;
    list_age age;
  };
  mutable std::shared_mutex mutex_;
  std::map<exchange_id, list> lists_;
};

}  // namespace pricewatch
