#include "watch/watcher_impl.hpp"

namespace pricewatch {

asio::awaitable<void> watcher::impl::load() {
  auto backoff = std::chrono::milliseconds(200);
  std::vector<watched_alert> active;
  while (!stopping) {
    try {
      active = co_await pool.run([this] { return alerts.load_active(); });
      break;
    } catch (const std::exception& error) {
      spdlog::error("watcher: cannot load active alerts: {}; retrying in {} ms", error.what(), backoff.count());
    }
    retry_timer.expires_after(backoff);
    co_await retry_timer.async_wait(tuple_awaitable);
    backoff = std::min(backoff * 2, std::chrono::milliseconds(10'000));
  }
  for (const auto& item : active) engine.add(item);
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
}

void watcher::impl::apply(const alert_change& change) {
  if (const auto* added = std::get_if<watched_alert>(&change)) {
    engine.add(*added);
  } else {
    const auto& removed = std::get<deletion>(change);
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
  auto backoff = std::chrono::milliseconds(100);
  while (!pending.empty()) {
    const auto take = std::min(pending.size(), config.max_batch);
    std::vector<firing> batch(pending.begin(), pending.begin() + static_cast<std::ptrdiff_t>(take));
    std::vector<fired_record> recorded;
    bool stored = false;
    try {
      recorded = co_await pool.run([this, &batch] { return alerts.fire(batch, clock.now()); });
      stored = true;
    } catch (const std::exception& error) {
      spdlog::error("watcher: cannot record {} fired alerts: {}; retrying in {} ms", batch.size(), error.what(),
                    backoff.count());
    }
    if (!stored) {
      // The crossings happened: keep them and retry until the database takes them.
      retry_timer.expires_after(backoff);
      co_await retry_timer.async_wait(tuple_awaitable);
      backoff = std::min(backoff * 2, std::chrono::milliseconds(5'000));
      continue;
    }
    backoff = std::chrono::milliseconds(100);
    pending.erase(pending.begin(), pending.begin() + static_cast<std::ptrdiff_t>(take));
    for (const auto& record : recorded) cache.invalidate_user(record.user_id);
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
    if (self->stream) self->stream->stop();
  });
}

void watcher::alert_created(const alert& created) {
  auto self = impl_;
  watched_alert change{created.id, created.symbol, created.condition, created.target, created.created_at};
  asio::post(self->strand, [self, change = std::move(change)] {
    if (!self->loaded) {
      self->early_changes.emplace_back(change);
      return;
    }
    self->engine.add(change);
    self->follow_symbols();
  });
}

void watcher::alert_deleted(const alert& deleted) {
  auto self = impl_;
  asio::post(self->strand, [self, change = deletion{deleted.id, deleted.symbol}] {
    if (!self->loaded) {
      self->early_changes.emplace_back(change);
      return;
    }
    self->apply(change);
    self->follow_symbols();
  });
}

}  // namespace pricewatch
