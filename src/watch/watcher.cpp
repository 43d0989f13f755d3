// The watcher's public face, and its side of prices: each trade or gap judged by the engine,
// cooldowns ended by the clock, and what fired stored in the database (watcher_alerts.cpp has the
// alerts' side).
#include "watch/watcher.hpp"

#include "alerts/alert_events.hpp"
#include "cache/response_cache.hpp"
#include "core/backoff.hpp"
#include "core/blocking_pool.hpp"
#include "core/run_on.hpp"
#include "feed/make_price_feed.hpp"
#include "watch/watcher_impl.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <spdlog/spdlog.h>

#include <set>

namespace pricewatch {
namespace {

watcher_parts production_parts(asio::io_context& io, blocking_pool& pool, alert_store& alerts, response_cache& cache,
                               price_board& board, const wall_clock& clock, const monotonic_clock& monotonic,
                               random_source& random, const feed_settings& feed) {
  const asio::any_io_executor strand = asio::make_strand(io);
  return watcher_parts{strand, pool_executor(pool), alerts, cache, board, clock, std::make_unique<steady_timers>(),
                       make_price_feed(strand, feed, clock, monotonic, random)};
}

}  // namespace

void watcher::impl::log_failure(std::exception_ptr failure, const char* what) {
  if (!failure) return;
  try {
    std::rethrow_exception(failure);
  } catch (const std::exception& error) {
    spdlog::error("watcher: {} ended: {}", what, error.what());
  }
}

asio::awaitable<void> watcher::impl::cooldown_loop() {
  while (!stopping) {
    const bool elapsed = co_await cooldown_timer->wait(config.cooldown_tick);
    if (!elapsed || stopping) co_return;
    scratch.clear();
    const auto now = clock.now();
    engine.advance(now, scratch);
    collect(now);
  }
}

void watcher::impl::on_tick(const price_tick& tick) {
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

void watcher::impl::on_gap(const price_gap& gap) {
  auto* book = engine.find_book(gap.symbol);
  if (book == nullptr) return;
  board.counters().gap_fills.fetch_add(1, std::memory_order_relaxed);
  scratch.clear();
  engine.apply_range(*book, gap.low, gap.high, gap.until, scratch);
  collect(gap.until);
}

void watcher::impl::on_history(const price_gap& stretch) {
  auto* book = engine.find_book(stretch.symbol);
  if (book != nullptr) engine.seed(*book, stretch.low, stretch.high, stretch.until);
}

void watcher::impl::on_state(feed_state state) {
  board.set_live(state == feed_state::live);
  if (state == feed_state::down) board.counters().reconnects.fetch_add(1, std::memory_order_relaxed);
}

void watcher::impl::collect(time_point at) {
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

asio::awaitable<void> watcher::impl::flush() {
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
