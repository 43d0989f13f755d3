// The watcher's state and steps, shared by its two source files: watcher.cpp (the feed's prices,
// firing, the public face) and watcher_alerts.cpp (loading and reconciling the alerts it watches,
// the changes it hears, expiry). Private to src/watch.
#pragma once

#include "alerts/trigger_engine.hpp"
#include "core/timer.hpp"
#include "feed/price_feed.hpp"
#include "storage/alert_store.hpp"
#include "watch/alert_changes.hpp"
#include "watch/price_board.hpp"
#include "watch/watcher.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>

#include <algorithm>
#include <exception>
#include <optional>
#include <vector>

namespace pricewatch {

namespace asio = boost::asio;

struct watcher::impl {
  impl(watcher_parts parts, watcher::hooks notify, watcher_config settings)
      : executor(std::move(parts.executor)),
        blocking(std::move(parts.blocking)),
        alerts(parts.alerts),
        cache(parts.cache),
        board(parts.board),
        clock(parts.clock),
        timers(std::move(parts.timers)),
        feed(std::move(parts.feed)),
        hooks(std::move(notify)),
        config(std::move(settings)),
        load_timer(timers->make_timer(executor)),
        retry_timer(timers->make_timer(executor)),
        reconcile_timer(timers->make_timer(executor)),
        cooldown_timer(timers->make_timer(executor)),
        expiry_timer(timers->make_timer(executor)) {
    board.set_max_staleness(config.max_staleness);
  }

  asio::any_io_executor executor;
  asio::any_io_executor blocking;
  alert_store& alerts;
  response_cache& cache;
  price_board& board;
  const wall_clock& clock;
  std::unique_ptr<timer_factory> timers;
  std::unique_ptr<price_feed> feed;
  watcher::hooks hooks;
  watcher_config config;
  std::unique_ptr<timer> load_timer;  // its own: flush() may be waiting on retry_timer meanwhile
  std::unique_ptr<timer> retry_timer;
  std::unique_ptr<timer> reconcile_timer;
  std::unique_ptr<timer> cooldown_timer;
  std::unique_ptr<timer> expiry_timer;

  trigger_engine engine;
  alert_changes changes{engine};  // the engine's alerts: a database read and the changes since
  bool loaded = false;
  bool stopping = false;
  std::vector<alert_change> early_changes;  // arrived before the initial load finished
  bool reloading = false;                   // a reconcile is reading the database
  bool reload_wanted = false;               // another reconcile was asked for meanwhile
  std::vector<alert_change> reload_changes;  // arrived while a reconcile was reading
  std::vector<fired_alert> scratch;  // what the engine fired from the last price or gap
  std::vector<firing> pending;       // fired in the engine, not yet in the database
  bool flushing = false;

  // Logs how a spawned coroutine ended, when it ended by an exception.
  static void log_failure(std::exception_ptr failure, const char* what);

  // Its exchange's alerts only (one watcher per exchange), of its symbols when it has some.
  bool watches(exchange_id exchange, const std::string& symbol) const {
    return exchange == config.feed.exchange && (config.symbols.empty() || config.symbols.contains(symbol));
  }

  std::size_t page_size() const { return std::max<std::size_t>(config.load_page, 1); }

  template <class Awaitable>
  void spawn(Awaitable work, const char* what) {
    asio::co_spawn(executor, std::move(work), [what](std::exception_ptr failure) { log_failure(failure, what); });
  }

  // --- alerts (watcher_alerts.cpp) ---

  // One page of the active alerts after `after` (by id), retrying until the database answers.
  // Empty when stopping.
  asio::awaitable<std::optional<std::vector<watched_alert>>> read_page(std::int64_t after);

  // Reads the active alerts page by page, handing each page's alerts of the watched symbols to
  // `take` on the strand. False when stopping.
  template <class Take>
  asio::awaitable<bool> read_active(Take take);

  // The first load goes into the engine page by page, as it is read: the feed starts only once
  // every page is in, and changes heard meanwhile wait in early_changes. Nothing but one page is
  // ever held beside the engine, and the strand (whose threads the API shares) is busy one page
  // at a time.
  asio::awaitable<void> load();

  // Alerts past their expires_at become expired: the database decides (compare-and-set, so that
  // several watchers expire each once) and the events take them out of every engine. Until then
  // the database refuses their firings.
  asio::awaitable<void> expiry_loop();

  asio::awaitable<void> expire_due();

  // Rebuilds the engine from the database: what a lost event changed is right again afterwards.
  // Changes that arrive while the database is read are applied again on top of what it returned
  // (an alert added twice fires once: the database's compare-and-set).
  asio::awaitable<void> reconcile();

  asio::awaitable<void> reconcile_loop();

  // A change from the API or another process, in order with everything else on the strand.
  void change(const alert_change& item);

  // The feed follows the symbols with active alerts; a window that came into use is filled with
  // the exchange's candles of its length.
  void follow_symbols();

  // --- the feed and firing (watcher.cpp) ---

  // Cooldowns end with the time, not with a price: a recurring alert whose condition began during
  // its cooldown and still holds fires when the cooldown ends, even if no trade comes then.
  asio::awaitable<void> cooldown_loop();

  // Garbage never reaches here; a non-positive or stale price never fires, whatever the exchange.
  void on_tick(const price_tick& tick);

  // A stretch the feed missed fires what its high or low crossed, among alerts that existed by its end.
  void on_gap(const price_gap& gap);

  // History fires nothing itself: the next price is judged with it in the windows.
  void on_history(const price_gap& stretch);

  void on_state(feed_state state);

  // What the engine fired from an event of time `at`, handed to the database.
  void collect(time_point at);

  asio::awaitable<void> flush();
};

}  // namespace pricewatch
