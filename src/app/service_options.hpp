// What one `pricewatch serve` process does (DESIGN.md section 1): the roles it plays and, for a
// watcher, the exchanges and symbols it watches. The embedded default plays every role and
// watches everything.
#pragma once

#include "core/exchange.hpp"

#include <set>
#include <string>

namespace pricewatch {

struct service_options {
  bool api = true;       // the HTTP API and the browser app
  bool watcher = true;   // follows prices and fires alerts
  bool notifier = true;  // sends the emails
  std::set<std::string> symbols;  // watched by this watcher; empty: all
  std::set<exchange_id> exchanges;  // watched by this watcher (one watcher each); empty: all

  bool all_roles() const { return api && watcher && notifier; }
};

}  // namespace pricewatch
