// How a watcher is set up (from the configuration and the command line): its exchange feed, the
// age beyond which a price never fires, the symbols it watches, how often it reconciles.
#pragma once

#include "feed/feed_settings.hpp"

#include <chrono>
#include <cstddef>
#include <set>
#include <string>

namespace pricewatch {

struct watcher_config {
  feed_settings feed;  // which exchange feed and how: make_price_feed reads it
  std::chrono::seconds max_staleness{30};
  std::size_t max_batch = 10'000;  // fired alerts per database transaction
  // Active alerts per database read while loading: each page is one query and one turn of the
  // watcher's strand (a few milliseconds of the engine), so a big book loads without holding every
  // row at once or the strand for seconds.
  std::size_t load_page = 20'000;
  // The symbols this watcher watches (--symbols); empty: all of them.
  std::set<std::string> symbols;
  // How often the engine is rebuilt from the database (0: never). Needed when changes arrive
  // over a bus that can lose them (scale-out); in one process every change arrives directly.
  std::chrono::seconds reconcile_interval{0};
  // How often the time moves on in the engine without a price (cooldowns that ended fire what is
  // still due), and how often alerts past their expires_at are expired in the database.
  std::chrono::milliseconds cooldown_tick{1'000};
  std::chrono::milliseconds expiry_interval{5'000};
  std::size_t max_expired_per_query = 1'000;
};

}  // namespace pricewatch
