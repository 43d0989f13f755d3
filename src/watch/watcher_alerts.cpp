// The watcher's alerts: the first load, reconciling with the database, the changes the API and
// other processes announce, and expiry.
#include "core/backoff.hpp"
#include "core/run_on.hpp"
#include "watch/watcher_impl.hpp"

#include <spdlog/spdlog.h>

#include <iterator>
#include <limits>
#include <set>

namespace pricewatch {

asio::awaitable<std::optional<std::vector<watched_alert>>> watcher::impl::read_page(std::int64_t after) {
  backoff retry(std::chrono::milliseconds(200), std::chrono::milliseconds(10'000));
  while (!stopping) {
    const auto delay = retry.next();
    try {
      co_return co_await run_on(blocking, [this, after] { return alerts.load_active_after(config.feed.exchange, after, page_size()); });
    } catch (const std::exception& error) {
      spdlog::error("watcher: cannot load active alerts: {}; retrying in {} ms", error.what(), delay.count());
    }
    co_await load_timer->wait(delay);
  }
  co_return std::nullopt;
}

template <class Take>
asio::awaitable<bool> watcher::impl::read_active(Take take) {
  std::int64_t after = std::numeric_limits<std::int64_t>::min();
  for (;;) {
    auto page = co_await read_page(after);
    if (!page || stopping) co_return false;
    const bool last = page->size() < page_size();
    if (!page->empty()) after = page->back().id;
    std::erase_if(*page, [this](const watched_alert& item) { return !watches(item.exchange, item.symbol); });
    take(std::move(*page));
    if (last) co_return true;
  }
}

asio::awaitable<void> watcher::impl::load() {
  const auto read_at = clock.now();
  changes.begin_rebuild(read_at);
  std::size_t read = 0;
  const bool complete = co_await read_active([&](std::vector<watched_alert> page) {
    changes.add_loaded(page);
    read += page.size();
    if (read / 1'000'000 != (read - page.size()) / 1'000'000) {
      spdlog::info("watcher: {} active alerts loaded so far", read);
    }
  });
  if (!complete) co_return;
  changes.end_rebuild();
  for (const auto& change : early_changes) changes.apply(change);
  early_changes.clear();
  early_changes.shrink_to_fit();
  loaded = true;
  board.set_watching(true);
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(clock.now() - read_at);
  spdlog::info("watcher: {} active alerts on {} symbols, loaded in {} ms", engine.active_count(),
               engine.symbols().size(), took.count());
  feed->start(feed_handlers{[this](const price_tick& tick) { on_tick(tick); },
                            [this](const price_gap& gap) { on_gap(gap); },
                            [this](const price_gap& stretch) { on_history(stretch); },
                            [this](feed_state state) { on_state(state); },
                            [this] { board.counters().malformed.fetch_add(1, std::memory_order_relaxed); }});
  follow_symbols();
  if (config.reconcile_interval.count() > 0) spawn(reconcile_loop(), "reconciling");
  spawn(cooldown_loop(), "ending cooldowns");
  spawn(expiry_loop(), "expiring alerts");
}

asio::awaitable<void> watcher::impl::expiry_loop() {
  while (!stopping) {
    const bool elapsed = co_await expiry_timer->wait(config.expiry_interval);
    if (!elapsed || stopping) co_return;
    co_await expire_due();
  }
}

asio::awaitable<void> watcher::impl::expire_due() {
  std::vector<alert> expired;
  do {
    try {
      expired = co_await run_on(blocking, [this] { return alerts.expire_due(clock.now(), config.max_expired_per_query); });
    } catch (const std::exception& error) {
      // The next round tries again; meanwhile nothing past its expiry can fire.
      spdlog::warn("watcher: cannot expire alerts: {}", error.what());
      co_return;
    }
    if (!expired.empty()) {
      spdlog::info("watcher: {} alerts expired", expired.size());
      if (hooks.on_expired) hooks.on_expired(expired);
    }
  } while (expired.size() >= config.max_expired_per_query && !stopping);
}

asio::awaitable<void> watcher::impl::reconcile() {
  if (reloading) {
    reload_wanted = true;
    co_return;
  }
  do {
    reload_wanted = false;
    reloading = true;
    const auto read_at = clock.now();
    // Read whole before the engine changes: prices keep coming meanwhile and must find every
    // alert.
    std::vector<watched_alert> active;
    const bool complete = co_await read_active([&](std::vector<watched_alert> page) {
      active.insert(active.end(), std::make_move_iterator(page.begin()), std::make_move_iterator(page.end()));
    });
    reloading = false;
    if (!complete || stopping) co_return;
    const auto before = engine.active_count();
    changes.rebuild(active, read_at);
    for (const auto& change : reload_changes) changes.apply(change);
    reload_changes.clear();
    follow_symbols();
    if (engine.active_count() != before) {
      spdlog::info("watcher: reconciled with the database: {} active alerts (was {})", engine.active_count(), before);
    }
  } while (reload_wanted && !stopping);
}

asio::awaitable<void> watcher::impl::reconcile_loop() {
  while (!stopping) {
    const bool elapsed = co_await reconcile_timer->wait(config.reconcile_interval);
    if (!elapsed || stopping) co_return;
    co_await reconcile();
  }
}

void watcher::impl::change(const alert_change& item) {
  if (!loaded) {
    early_changes.push_back(item);
    return;
  }
  if (reloading) reload_changes.push_back(item);
  changes.apply(item);
  follow_symbols();
}

void watcher::impl::follow_symbols() {
  const auto symbols = engine.symbols();
  board.counters().active_alerts = static_cast<std::int64_t>(engine.active_count());
  feed->follow(std::set<std::string>(symbols.begin(), symbols.end()));
  for (const auto& wanted : engine.take_history_requests()) feed->recall(wanted.symbol, clock.now() - wanted.back);
}

}  // namespace pricewatch
