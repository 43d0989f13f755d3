#include "watch/watcher.hpp"

#include "alerts/trigger_engine.hpp"
#include "cache/response_cache.hpp"
#include "core/time_format.hpp"
#include "core/blocking_pool.hpp"
#include "feed/binance/binance_messages.hpp"
#include "feed/binance/rest_client.hpp"
#include "feed/binance/stream_client.hpp"
#include "storage/alert_store.hpp"
#include "watch/price_board.hpp"
#include "watch/symbol_query.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <spdlog/spdlog.h>

#include <map>
#include <variant>

namespace pricewatch {

namespace asio = boost::asio;
constexpr auto tuple_awaitable = asio::as_tuple(asio::use_awaitable);

namespace {

struct deletion {
  std::int64_t id;
  std::string symbol;
};
using alert_change = std::variant<watched_alert, deletion>;

void log_failure(std::exception_ptr failure, const char* what) {
  if (!failure) return;
  try {
    std::rethrow_exception(failure);
  } catch (const std::exception& error) {
    spdlog::error("watcher: {} ended: {}", what, error.what());
  }
}

}  // namespace

struct watcher::impl : std::enable_shared_from_this<watcher::impl> {
  impl(asio::io_context& io, blocking_pool& workers, alert_store& store, response_cache& responses, price_board& prices,
       const wall_clock& time, watcher::hooks notify, watcher_config settings)
      : strand(asio::make_strand(io)),
        pool(workers),
        alerts(store),
        cache(responses),
        board(prices),
        clock(time),
        hooks(std::move(notify)),
        config(std::move(settings)),
        tls(asio::ssl::context::tls_client),
        rest(strand, config.rest_endpoint, tls),
        poll_timer(strand),
        retry_timer(strand) {
    board.set_max_staleness(config.max_staleness);
    tls.set_default_verify_paths();
    tls.set_verify_mode(asio::ssl::verify_peer);
  }

  asio::strand<asio::io_context::executor_type> strand;
  blocking_pool& pool;
  alert_store& alerts;
  response_cache& cache;
  price_board& board;
  const wall_clock& clock;
  watcher::hooks hooks;
  watcher_config config;
  asio::ssl::context tls;
  binance::rest_client rest;
  std::unique_ptr<binance::stream_client> stream;
  asio::steady_timer poll_timer;
  asio::steady_timer retry_timer;

  trigger_engine engine;
  bool loaded = false;
  bool stopping = false;
  std::vector<alert_change> early_changes;  // arrived before the initial load finished
  std::vector<fired_alert> scratch;
  std::vector<firing> pending;              // fired in the engine, not yet in the database
  bool flushing = false;
  std::optional<time_point> gap_started;    // the stream is down since (the last price before)
  time_point last_stream_price{};
  std::map<std::string, time_point> invalid_symbols;  // refused by the exchange, until

  // --- alerts -------------------------------------------------------------------------------
  asio::awaitable<void> load();
  void apply(const alert_change& change);
  void follow_symbols();

  // --- prices -------------------------------------------------------------------------------
  void on_frame(const std::string& frame);
  void on_tick(const price_tick& tick);
  void on_connected();
  void on_disconnected(const std::string& reason);
  asio::awaitable<void> fill_gap(time_point from, time_point to);
  asio::awaitable<void> poll_loop();
  asio::awaitable<void> poll_once();

  // --- firing -------------------------------------------------------------------------------
  void collect(price at_price, price low, price high);
  asio::awaitable<void> flush();

  template <class Awaitable>
  void spawn(Awaitable work, const char* what) {
    asio::co_spawn(strand, std::move(work), [what](std::exception_ptr failure) { log_failure(failure, what); });
  }
};

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

void watcher::impl::on_frame(const std::string& frame) {
  const auto event = binance::parse_stream_message(frame);
  switch (event.kind) {
    case binance::event_kind::trade:
      last_stream_price = event.tick->trade_time;
      on_tick(*event.tick);
      break;
    case binance::event_kind::bad_trade:
    case binance::event_kind::malformed:
      board.counters().malformed.fetch_add(1, std::memory_order_relaxed);
      spdlog::warn("feed: ignored a frame: {}", event.reason);
      break;
    case binance::event_kind::server_shutdown:
      spdlog::info("feed: the exchange announced a shutdown; reconnecting");
      stream->reconnect_now();
      break;
    case binance::event_kind::control_reply:
      spdlog::debug("feed: {}", event.reason);
      break;
    case binance::event_kind::other:
      break;
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
  if (hooks.on_price) hooks.on_price(tick.symbol, tick.value, tick.trade_time);
  auto* book = engine.find_book(tick.symbol);
  if (book == nullptr) {
    counters.unwatched.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  scratch.clear();
  engine.apply(*book, tick.value, scratch);
  if (!scratch.empty()) collect(tick.value, tick.value, tick.value);
}

void watcher::impl::on_connected() {
  board.set_live(true);
  if (gap_started && loaded) {
    spawn(fill_gap(*gap_started, clock.now()), "gap fill");
  }
  gap_started.reset();
}

void watcher::impl::on_disconnected(const std::string& reason) {
  board.set_live(false);
  board.counters().reconnects.fetch_add(1, std::memory_order_relaxed);
  // The gap runs from the last price the stream gave (or now, if it gave none).
  if (!gap_started) {
    gap_started = last_stream_price.time_since_epoch().count() != 0 ? last_stream_price : clock.now();
  }
  spdlog::warn("feed: stream lost ({}); prices from REST polling until it is back", reason);
  poll_timer.cancel();  // poll at once rather than at the next period
}

asio::awaitable<void> watcher::impl::fill_gap(time_point from, time_point to) {
  const auto to_ms = std::chrono::duration_cast<std::chrono::milliseconds>(to.time_since_epoch()).count();
  for (const auto& symbol : engine.symbols()) {
    auto start_ms = std::chrono::duration_cast<std::chrono::milliseconds>(from.time_since_epoch()).count() - 1000;
    while (start_ms <= to_ms && !stopping) {
      binance::http_reply reply;
      try {
        reply = co_await rest.get(klines_target(symbol, start_ms, to_ms));
      } catch (const std::exception& error) {
        spdlog::error("feed: cannot fetch the gap's klines of {}: {}", symbol, error.what());
        break;
      }
      auto klines = reply.status == 200 ? binance::parse_klines(reply.body)
                                        : result<std::vector<binance::kline>>(make_failure(errc::validation_failed, "HTTP " + std::to_string(reply.status)));
      if (!klines) {
        spdlog::error("feed: unusable klines for {}: {}", symbol, klines.error().message);
        break;
      }
      auto* book = engine.find_book(symbol);
      for (const auto& candle : *klines) {
        if (book == nullptr) break;
        scratch.clear();
        const auto candle_end = from_unix_millis(candle.open_time_ms + 1000);
        engine.apply_range(*book, candle.low, candle.high, candle_end, scratch);
        board.counters().gap_fills.fetch_add(1, std::memory_order_relaxed);
        if (!scratch.empty()) collect(candle.high, candle.low, candle.high);
      }
      if (klines->size() < max_klines) break;
      start_ms = klines->back().open_time_ms + 1000;
    }
  }
  follow_symbols();
}

asio::awaitable<void> watcher::impl::poll_loop() {
  while (!stopping) {
    const bool needed = config.source == feed_source::rest || !stream || !stream->connected();
    if (needed && !engine.symbols().empty()) {
      co_await poll_once();
    }
    poll_timer.expires_after(config.poll_interval);
    co_await poll_timer.async_wait(tuple_awaitable);
  }
}

asio::awaitable<void> watcher::impl::poll_once() {
  const auto now = clock.now();
  std::erase_if(invalid_symbols, [&](const auto& item) { return item.second <= now; });
  std::vector<std::string> symbols;
  for (const auto& symbol : engine.symbols()) {
    if (!invalid_symbols.contains(symbol)) symbols.push_back(symbol);
  }
  if (symbols.empty()) co_return;
  try {
    auto reply = co_await rest.get(ticker_target(symbols));
    if (reply.status == 400 && symbols.size() > 1) {
      // One unknown symbol fails the whole list: ask one by one and set the unknown ones aside.
      for (const auto& symbol : symbols) {
        // Built apart from the co_await: GCC 12 miscompiles braced lists inside co_await operands.
        const std::vector<std::string> one{symbol};
        const auto target = ticker_target(one);
        auto single = co_await rest.get(target);
        const auto error = binance::parse_api_error(single.body);
        if (single.status == 400 && error && error->code == -1121) {
          spdlog::error("feed: the exchange does not know {}; its alerts wait", symbol);
          invalid_symbols[symbol] = now + std::chrono::minutes(10);
        }
      }
      co_return;
    }
    if (reply.status == 429 || reply.status == 418) {
      const auto wait = reply.retry_after.value_or(std::chrono::seconds(60));
      spdlog::warn("feed: the exchange asks to slow down for {} s", wait.count());
      poll_timer.expires_after(wait);
      co_await poll_timer.async_wait(tuple_awaitable);
      co_return;
    }
    auto prices = reply.status == 200 ? binance::parse_ticker_prices(reply.body)
                                      : result<std::vector<binance::symbol_price>>(make_failure(errc::validation_failed, "HTTP " + std::to_string(reply.status)));
    if (!prices) {
      board.counters().malformed.fetch_add(1, std::memory_order_relaxed);
      spdlog::warn("feed: unusable ticker answer: {}", prices.error().message);
      if (config.source == feed_source::rest) board.set_live(false);
      co_return;
    }
    board.counters().rest_polls.fetch_add(1, std::memory_order_relaxed);
    if (config.source == feed_source::rest) board.set_live(true);
    // The ticker carries no trade time: the price is as old as our request.
    for (const auto& item : *prices) on_tick(price_tick{item.symbol, item.value, now});
  } catch (const std::exception& error) {
    spdlog::warn("feed: REST poll failed: {}", error.what());
    if (config.source == feed_source::rest) board.set_live(false);
  }
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
