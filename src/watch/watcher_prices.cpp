// The watcher's side of the feed: stream frames, accepted ticks, REST polling and gap fill.
#include "watch/watcher_impl.hpp"

namespace pricewatch {

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


}  // namespace pricewatch
