#include "watch/watcher.hpp"

#include "alerts/alert_events.hpp"
#include "alerts/trigger_engine.hpp"
#include "cache/response_cache.hpp"
#include "core/backoff.hpp"
#include "core/blocking_pool.hpp"
#include "core/run_on.hpp"
#include "core/timer.hpp"
#include "feed/make_price_feed.hpp"
#include "storage/alert_store.hpp"
#include "watch/alert_changes.hpp"
#include "watch/price_board.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <iterator>
#include <limits>
#include <optional>

namespace pricewatch {

namespace asio = boost::asio;

namespace {

void log_failure(std::exception_ptr failure, const char* what) {
  if (!failure) return;
  try {
    std::rethrow_exception(failure);
  } catch (const std::exception& error) {
    spdlog::error("watcher: {} ended: {}", what, error.what());
  }
}

watcher_parts production_parts(asio::io_context& io, blocking_pool& pool, alert_store& alerts, response_cache& cache,
                               price_board& board, const wall_clock& clock, const monotonic_clock& monotonic,
                               random_source& random, const feed_settings& feed) {
  const asio::any_io_executor strand = asio::make_strand(io);
  return watcher_parts{strand, pool_executor(pool), alerts, cache, board, clock, std::make_unique<steady_timers>(),
                       make_price_feed(strand, feed, clock, monotonic, random)};
}

}  // namespace

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

  // Its exchange's alerts only (one watcher per exchange), of its symbols when it has some.
  bool watches(exchange_id exchange, const std::string& symbol) const {
    return exchange == config.feed.exchange && (config.symbols.empty() || config.symbols.contains(symbol));
  }

  std::size_t page_size() const { return std::max<std::size_t>(config.load_page, 1); }

  template <class Awaitable>
  void spawn(Awaitable work, const char* what) {
    asio::co_spawn(executor, std::move(work), [what](std::exception_ptr failure) { log_failure(failure, what); });
  }

  // --- alerts -------------------------------------------------------------------------------

  // One page of the active alerts after `after` (by id), retrying until the database answers.
  // Empty when stopping.
  asio::awaitable<std::optional<std::vector<watched_alert>>> read_page(std::int64_t after) {
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

  // Reads the active alerts page by page, handing each page's alerts of the watched symbols to
  // `take` on the strand. False when stopping.
  template <class Take>
  asio::awaitable<bool> read_active(Take take) {
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

  // The first load goes into the engine page by page, as it is read: the feed starts only once
  // every page is in, and changes heard meanwhile wait in early_changes. Nothing but one page is
  // ever held beside the engine, and the strand (whose threads the API shares) is busy one page
  // at a time.
  asio::awaitable<void> load() {
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

  // Cooldowns end with the time, not with a price: a recurring alert whose condition began during
  // its cooldown and still holds fires when the cooldown ends, even if no trade comes then.
  asio::awaitable<void> cooldown_loop() {
    while (!stopping) {
      const bool elapsed = co_await cooldown_timer->wait(config.cooldown_tick);
      if (!elapsed || stopping) co_return;
      scratch.clear();
      const auto now = clock.now();
      engine.advance(now, scratch);
      collect(now);
    }
  }

  // Alerts past their expires_at become expired: the database decides (compare-and-set, so that
  // several watchers expire each once) and the events take them out of every engine. Until then
  // the database refuses their firings.
  asio::awaitable<void> expiry_loop() {
    while (!stopping) {
      const bool elapsed = co_await expiry_timer->wait(config.expiry_interval);
      if (!elapsed || stopping) co_return;
      co_await expire_due();
    }
  }

  asio::awaitable<void> expire_due() {
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

  // Rebuilds the engine from the database: what a lost event changed is right again afterwards.
  // Changes that arrive while the database is read are applied again on top of what it returned
  // (an alert added twice fires once: the database's compare-and-set).
  asio::awaitable<void> reconcile() {
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

  asio::awaitable<void> reconcile_loop() {
    while (!stopping) {
      const bool elapsed = co_await reconcile_timer->wait(config.reconcile_interval);
      if (!elapsed || stopping) co_return;
      co_await reconcile();
    }
  }

  // A change from the API or another process, in order with everything else on the strand.
  void change(const alert_change& item) {
    if (!loaded) {
      early_changes.push_back(item);
      return;
    }
    if (reloading) reload_changes.push_back(item);
    changes.apply(item);
    follow_symbols();
  }

  // The feed follows the symbols with active alerts; a window that came into use is filled with
  // the exchange's candles of its length.
  void follow_symbols() {
    const auto symbols = engine.symbols();
    board.counters().active_alerts = static_cast<std::int64_t>(engine.active_count());
    feed->follow(std::set<std::string>(symbols.begin(), symbols.end()));
    for (const auto& wanted : engine.take_history_requests()) feed->recall(wanted.symbol, clock.now() - wanted.back);
  }

  // --- the feed -----------------------------------------------------------------------------

  // Garbage never reaches here; a non-positive or stale price never fires, whatever the exchange.
  void on_tick(const price_tick& tick) {
    auto& counters = board.counters();
    if (tick.value.units() <= 0) {
      counters.non_positive.fetch_add(1, std::memory_order_relaxed);
      spdlog::warn("feed: ignored a non-positive price {} for {}", tick.value.to_string(), tick.symbol);
      return;
    }
    const auto now = clock.now();
    const auto age = now - tick.trade_time;
    if (age > config.max_staleness || -age > config.max_staleness) {
      counters.stale.fetch_add(1, std::memory_order_relaxed);
      spdlog::warn("feed: ignored a price of {} from {} ms ago", tick.symbol,
                   std::chrono::duration_cast<std::chrono::milliseconds>(age).count());
      return;
    }
    counters.ticks.fetch_add(1, std::memory_order_relaxed);
    board.update(tick.symbol, board_entry{tick.value, tick.trade_time, now});
    if (hooks.on_price) hooks.on_price(config.feed.exchange, tick.symbol, tick.value, tick.trade_time);
    auto* book = engine.find_book(tick.symbol);
    if (book == nullptr) {
      counters.unwatched.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    scratch.clear();
    engine.apply(*book, tick.value, tick.trade_time, scratch);
    collect(tick.trade_time);
  }

  // A stretch the feed missed fires what its high or low crossed, among alerts that existed by its end.
  void on_gap(const price_gap& gap) {
    auto* book = engine.find_book(gap.symbol);
    if (book == nullptr) return;
    board.counters().gap_fills.fetch_add(1, std::memory_order_relaxed);
    scratch.clear();
    engine.apply_range(*book, gap.low, gap.high, gap.until, scratch);
    collect(gap.until);
  }

  // History fires nothing itself: the next price is judged with it in the windows.
  void on_history(const price_gap& stretch) {
    auto* book = engine.find_book(stretch.symbol);
    if (book != nullptr) engine.seed(*book, stretch.low, stretch.high, stretch.until);
  }

  void on_state(feed_state state) {
    board.set_live(state == feed_state::live);
    if (state == feed_state::down) board.counters().reconnects.fetch_add(1, std::memory_order_relaxed);
  }

  // --- firing -------------------------------------------------------------------------------

  // What the engine fired from an event of time `at`, handed to the database.
  void collect(time_point at) {
    if (scratch.empty()) return;
    for (const auto& item : scratch) pending.push_back(firing{item.id, item.crossed_at, at});
    follow_symbols();
    // Marked here, not when flush() starts: a gap's stretches fire one after another before any
    // spawned coroutine runs, and two flushes would write and erase the same pending firings.
    if (!flushing) {
      flushing = true;
      spawn(flush(), "firing");
    }
  }

  asio::awaitable<void> flush() {
    backoff retry(std::chrono::milliseconds(100), std::chrono::milliseconds(5'000));
    while (!pending.empty()) {
      const auto take = std::min(pending.size(), config.max_batch);
      std::vector<firing> batch(pending.begin(), pending.begin() + static_cast<std::ptrdiff_t>(take));
      std::vector<fired_record> recorded;
      bool stored = false;
      std::chrono::milliseconds delay{0};
      try {
        recorded = co_await run_on(blocking, [this, &batch] {
          auto fired = alerts.fire(batch, clock.now());
          // Here, not on the strand: a shared cache (Redis) blocks. Once per owner, however many fired.
          std::set<std::int64_t> owners;
          for (const auto& record : fired) owners.insert(record.user_id);
          for (const auto owner : owners) cache.invalidate_user(owner);
          return fired;
        });
        stored = true;
      } catch (const std::exception& error) {
        delay = retry.next();
        spdlog::error("watcher: cannot record {} fired alerts: {}; retrying in {} ms", batch.size(), error.what(),
                      delay.count());
      }
      if (!stored) {
        // The crossings happened: keep them and retry until the database takes them.
        co_await retry_timer->wait(delay);
        continue;
      }
      retry.reset();
      pending.erase(pending.begin(), pending.begin() + static_cast<std::ptrdiff_t>(take));
      board.counters().fired.fetch_add(recorded.size(), std::memory_order_relaxed);
      if (!recorded.empty()) {
        spdlog::info("watcher: {} alerts fired", recorded.size());
        if (hooks.on_fired) hooks.on_fired(recorded);
      }
    }
    flushing = false;
  }
};

watcher::watcher(asio::io_context& io, blocking_pool& pool, alert_store& alerts, response_cache& cache,
                 price_board& board, const wall_clock& clock, const monotonic_clock& monotonic,
                 random_source& random, hooks notify, watcher_config config)
    : watcher(production_parts(io, pool, alerts, cache, board, clock, monotonic, random, config.feed),
              std::move(notify), config) {}

watcher::watcher(watcher_parts parts, hooks notify, watcher_config config)
    : impl_(std::make_shared<impl>(std::move(parts), std::move(notify), std::move(config))) {}

watcher::~watcher() = default;

void watcher::start() {
  auto self = impl_;
  asio::post(self->executor, [self] { self->spawn(self->load(), "loading alerts"); });
}

void watcher::stop() {
  auto self = impl_;
  asio::post(self->executor, [self] {
    self->stopping = true;
    self->load_timer->cancel();
    self->retry_timer->cancel();
    self->reconcile_timer->cancel();
    self->cooldown_timer->cancel();
    self->expiry_timer->cancel();
    self->feed->stop();
  });
}

void watcher::alert_created(const alert& created) {
  auto self = impl_;
  if (!self->watches(created.exchange, created.symbol)) return;
  asio::post(self->executor, [self, change = to_watched(created)] { self->change(change); });
}

void watcher::alert_changed(const alert& changed, const std::string& previous_symbol) {
  auto self = impl_;
  const auto& watched_under = previous_symbol.empty() ? changed.symbol : previous_symbol;
  // An alert keeps its exchange (alert_service): only the symbol may have moved.
  const bool watch_now = changed.status == alert_status::created && self->watches(changed.exchange, changed.symbol);
  if (!watch_now && !self->watches(changed.exchange, watched_under)) return;
  alert_replacement change{changed.id, watched_under, std::nullopt};
  if (watch_now) change.now = to_watched(changed);
  asio::post(self->executor, [self, change = std::move(change)] { self->change(change); });
}


void watcher::alert_deleted(const alert& deleted) {
  auto self = impl_;
  if (!self->watches(deleted.exchange, deleted.symbol)) return;
  asio::post(self->executor, [self, change = alert_deletion{deleted.id, deleted.symbol}] { self->change(change); });
}

void watcher::reconcile() {
  auto self = impl_;
  asio::post(self->executor, [self] {
    if (self->loaded && !self->stopping) self->spawn(self->reconcile(), "reconciling");
  });
}

}  // namespace pricewatch
