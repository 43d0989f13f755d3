#include "watch/watcher_impl.hpp"

namespace pricewatch {

// The active alerts of the watched symbols, retrying until the database answers.
asio::awaitable<std::vector<watched_alert>> watcher::impl::read_active() {
  backoff retry(std::chrono::milliseconds(200), std::chrono::milliseconds(10'000));
  std::vector<watched_alert> active;
  while (!stopping) {
    const auto delay = retry.next();
    try {
      active = co_await pool.run([this] { return alerts.load_active(); });
      break;
    } catch (const std::exception& error) {
      spdlog::error("watcher: cannot load active alerts: {}; retrying in {} ms", error.what(), delay.count());
    }
    // Its own timer: flush() may be waiting on retry_timer at the same time.
    asio::steady_timer pause(strand, delay);
    co_await pause.async_wait(tuple_awaitable);
  }
  if (!config.symbols.empty()) {
    std::erase_if(active, [this](const watched_alert& item) { return !watches(item.symbol); });
  }
  co_return active;
}

// The engine holds what the database read returned; changes that arrive after it are applied on top.
void watcher::impl::rebuild(const std::vector<watched_alert>& active, time_point read_at) {
  engine.clear();
  recently_loaded.clear();
  for (const auto& item : active) {
    engine.add(item);
    if (read_at - item.created_at < recent_window && recently_loaded.size() < max_remembered_ids) {
      recently_loaded.insert(item.id);
    }
  }
}

asio::awaitable<void> watcher::impl::load() {
  const auto read_at = clock.now();
  const auto active = co_await read_active();
  rebuild(active, read_at);
  for (const auto& change : early_changes) apply(change);
  early_changes.clear();
  loaded = true;
  board.set_watching(true);
  spdlog::info("watcher: {} active alerts on {} symbols", engine.active_count(), engine.symbols().size());
  if (config.source == feed_source::stream) {
    stream = std::make_unique<binance::stream_client>(
        strand, config.stream_endpoint, tls,
        binance::stream_handlers{[this](const std::string& frame) { on_frame(frame); }, [this] { on_connected(); },
                                 [this](const std::string& reason) { on_disconnected(reason); }});
    stream->start();
  }
  follow_symbols();
  spawn(poll_loop(), "REST polling");
  if (config.reconcile_interval.count() > 0) spawn(reconcile_loop(), "reconciling");
}

// Rebuilds the engine from the database: what a lost event changed is right again afterwards.
// Changes that arrive while the database is read are applied again on top of what it returned
// (an alert added twice fires once: the database's compare-and-set).
asio::awaitable<void> watcher::impl::reconcile() {
  if (reloading) {
    reload_wanted = true;
    co_return;
  }
  do {
    reload_wanted = false;
    reloading = true;
    const auto read_at = clock.now();
    const auto active = co_await read_active();
    reloading = false;
    if (stopping) co_return;
    const auto before = engine.active_count();
    rebuild(active, read_at);
    for (const auto& change : reload_changes) apply(change);
    reload_changes.clear();
    follow_symbols();
    if (engine.active_count() != before) {
      spdlog::info("watcher: reconciled with the database: {} active alerts (was {})", engine.active_count(), before);
    }
  } while (reload_wanted && !stopping);
}

asio::awaitable<void> watcher::impl::reconcile_loop() {
  while (!stopping) {
    reconcile_timer.expires_after(config.reconcile_interval);
    const auto [cancelled] = co_await reconcile_timer.async_wait(tuple_awaitable);
    if (cancelled || stopping) co_return;
    co_await reconcile();
  }
}

// A change from the API or another process, in order with everything else on the strand.
void watcher::impl::change(const alert_change& item) {
  if (!loaded) {
    early_changes.push_back(item);
    return;
  }
  if (reloading) reload_changes.push_back(item);
  apply(item);
  follow_symbols();
}

void watcher::impl::apply(const alert_change& change) {
  if (const auto* added = std::get_if<watched_alert>(&change)) {
    if (!deleted.contains(added->id) && !recently_loaded.contains(added->id)) engine.add(*added);
  } else {
    const auto& removed = std::get<deletion>(change);
    if (deleted.size() >= max_remembered_ids) deleted.clear();
    deleted.insert(removed.id);
    engine.remove(removed.id, removed.symbol);
  }
}

void watcher::impl::follow_symbols() {
  const auto symbols = engine.symbols();
  board.counters().active_alerts = static_cast<std::int64_t>(engine.active_count());
  if (stream) stream->set_symbols(std::set<std::string>(symbols.begin(), symbols.end()));
}

void watcher::impl::collect(price at_price, price low, price high) {
  for (const auto& item : scratch) {
    // A gap's crossing is recorded at the extreme that crossed; a live price at itself.
    const auto crossed = low == high ? at_price : (item.condition == alert_condition::above ? high : low);
    pending.push_back(firing{item.id, crossed});
  }
  follow_symbols();
  if (!flushing) spawn(flush(), "firing");
}

asio::awaitable<void> watcher::impl::flush() {
  flushing = true;
  backoff retry(std::chrono::milliseconds(100), std::chrono::milliseconds(5'000));
  while (!pending.empty()) {
    const auto take = std::min(pending.size(), config.max_batch);
    std::vector<firing> batch(pending.begin(), pending.begin() + static_cast<std::ptrdiff_t>(take));
    std::vector<fired_record> recorded;
    bool stored = false;
    try {
      recorded = co_await pool.run([this, &batch] {
        auto fired = alerts.fire(batch, clock.now());
        // On the pool: a shared cache (Redis) blocks. Once per owner, however many of theirs fired.
        std::set<std::int64_t> owners;
        for (const auto& record : fired) owners.insert(record.user_id);
        for (const auto owner : owners) cache.invalidate_user(owner);
        return fired;
      });
      stored = true;
    } catch (const std::exception& error) {
      const auto delay = retry.next();
      spdlog::error("watcher: cannot record {} fired alerts: {}; retrying in {} ms", batch.size(), error.what(),
                    delay.count());
      // The crossings happened: keep them and retry until the database takes them.
      retry_timer.expires_after(delay);
    }
    if (!stored) {
      co_await retry_timer.async_wait(tuple_awaitable);
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
                 price_board& board, const wall_clock& clock, hooks notify, watcher_config config)
    : impl_(std::make_shared<impl>(io, pool, alerts, cache, board, clock, std::move(notify), std::move(config))) {}

watcher::~watcher() = default;

void watcher::start() {
  auto self = impl_;
  asio::post(self->strand, [self] { self->spawn(self->load(), "loading alerts"); });
}

void watcher::stop() {
  auto self = impl_;
  asio::post(self->strand, [self] {
    self->stopping = true;
    self->poll_timer.cancel();
    self->retry_timer.cancel();
    self->reconcile_timer.cancel();
    if (self->stream) self->stream->stop();
  });
}

void watcher::alert_created(const alert& created) {
  auto self = impl_;
  if (!self->watches(created.symbol)) return;
  watched_alert change{created.id, created.symbol, created.condition, created.target, created.created_at};
  asio::post(self->strand, [self, change = std::move(change)] { self->change(change); });
}

void watcher::alert_deleted(const alert& deleted) {
  auto self = impl_;
  if (!self->watches(deleted.symbol)) return;
  asio::post(self->strand, [self, change = deletion{deleted.id, deleted.symbol}] { self->change(change); });
}

void watcher::reconcile() {
  auto self = impl_;
  asio::post(self->strand, [self] {
    if (self->loaded && !self->stopping) self->spawn(self->reconcile(), "reconciling");
  });
}

}  // namespace pricewatch
