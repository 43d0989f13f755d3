#include "feed/binance/binance_feed.hpp"

#include "core/clock.hpp"
#include "core/failure.hpp"
#include "core/time_format.hpp"
#include "feed/binance/binance_messages.hpp"
#include "feed/binance/stream_client.hpp"
#include "feed/binance/symbol_query.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

namespace pricewatch::binance {

namespace asio = boost::asio;
namespace {

constexpr auto tuple_awaitable = asio::as_tuple(asio::use_awaitable);
constexpr auto invalid_symbol_pause = std::chrono::minutes(10);

std::int64_t unix_millis(time_point moment) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(moment.time_since_epoch()).count();
}

}  // namespace

binance_feed::binance_feed(asio::any_io_executor executor, feed_settings settings, const wall_clock& clock,
                           const monotonic_clock& monotonic, random_source& random)
    : executor_(std::move(executor)),
      settings_(std::move(settings)),
      clock_(clock),
      monotonic_(monotonic),
      random_(random),
      tls_(asio::ssl::context::tls_client),
      rest_(executor_, settings_.rest_endpoint, tls_),
      poll_timer_(executor_) {
  tls_.set_default_verify_paths();
  tls_.set_verify_mode(asio::ssl::verify_peer);
}

binance_feed::~binance_feed() = default;

template <class Awaitable>
void binance_feed::spawn(Awaitable work, const char* what) {
  asio::co_spawn(executor_, std::move(work), [what](std::exception_ptr failure) {
    if (!failure) return;
    try {
      std::rethrow_exception(failure);
    } catch (const std::exception& error) {
      spdlog::error("feed: {} ended: {}", what, error.what());
    }
  });
}

void binance_feed::start(feed_handlers handlers) {
  handlers_ = std::move(handlers);
  if (settings_.source == feed_source::stream) {
    stream_ = std::make_unique<stream_client>(
        executor_, settings_.stream_endpoint, tls_,
        stream_handlers{[this](const std::string& frame) { on_frame(frame); }, [this] { on_connected(); },
                        [this](const std::string& reason) { on_disconnected(reason); }},
        monotonic_, random_);
    stream_->set_symbols(symbols_);
    stream_->start();
  }
  spawn(poll_loop(), "REST polling");
}

void binance_feed::follow(const std::set<std::string>& symbols) {
  symbols_ = symbols;
  if (stream_) stream_->set_symbols(symbols_);
}

void binance_feed::stop() {
  stopping_ = true;
  poll_timer_.cancel();
  if (stream_) stream_->stop();
}

void binance_feed::set_state(feed_state state) {
  if (state == state_) return;
  state_ = state;
  if (handlers_.on_state) handlers_.on_state(state);
}

void binance_feed::on_frame(const std::string& frame) {
  const auto event = parse_stream_message(frame);
  switch (event.kind) {
    case event_kind::trade:
      last_stream_price_ = event.tick->trade_time;
      handlers_.on_tick(*event.tick);
      break;
    case event_kind::bad_trade:
    case event_kind::malformed:
      spdlog::warn("feed: ignored a frame: {}", event.reason);
      if (handlers_.on_unreadable) handlers_.on_unreadable();
      break;
    case event_kind::server_shutdown:
      spdlog::info("feed: the exchange announced a shutdown; reconnecting");
      stream_->reconnect_now();
      break;
    case event_kind::control_reply:
      spdlog::debug("feed: {}", event.reason);
      break;
    case event_kind::other:
      break;
  }
}

void binance_feed::on_connected() {
  set_state(feed_state::live);
  if (gap_started_) spawn(fill_gap(*gap_started_, clock_.now()), "gap fill");
  gap_started_.reset();
}

void binance_feed::on_disconnected(const std::string& reason) {
  set_state(feed_state::down);
  // The gap runs from the last price the stream gave (or now, if it gave none).
  if (!gap_started_) {
    gap_started_ = last_stream_price_.time_since_epoch().count() != 0 ? last_stream_price_ : clock_.now();
  }
  spdlog::warn("feed: stream lost ({}); prices from REST polling until it is back", reason);
  poll_timer_.cancel();  // poll at once rather than at the next period
}

// Each 1-second kline from the gap's start to now is one stretch: the watcher fires what its high
// or low crossed among the alerts that existed by its end.
asio::awaitable<void> binance_feed::fill_gap(time_point from, time_point to) {
  const auto to_ms = unix_millis(to);
  const std::set<std::string> symbols = symbols_;  // follow() may change the set meanwhile
  for (const auto& symbol : symbols) {
    auto start_ms = unix_millis(from) - 1000;
    while (start_ms <= to_ms && !stopping_) {
      http_reply reply;
      try {
        reply = co_await rest_.get(klines_target(symbol, start_ms, to_ms));
      } catch (const std::exception& error) {
        spdlog::error("feed: cannot fetch the gap's klines of {}: {}", symbol, error.what());
        break;
      }
      auto klines = reply.status == 200 ? parse_klines(reply.body)
                                        : result<std::vector<kline>>(make_failure(errc::validation_failed, "HTTP " + std::to_string(reply.status)));
      if (!klines) {
        spdlog::error("feed: unusable klines for {}: {}", symbol, klines.error().message);
        break;
      }
      for (const auto& candle : *klines) {
        const price_gap gap{symbol, candle.low, candle.high, from_unix_millis(candle.open_time_ms),
                            from_unix_millis(candle.open_time_ms + 1000)};
        handlers_.on_gap(gap);
      }
      if (klines->size() < max_klines) break;
      start_ms = klines->back().open_time_ms + 1000;
    }
  }
}

asio::awaitable<void> binance_feed::poll_loop() {
  while (!stopping_) {
    const bool needed = settings_.source == feed_source::rest || !stream_ || !stream_->connected();
    if (needed && !symbols_.empty()) {
      co_await poll_once();
    }
    poll_timer_.expires_after(settings_.poll_interval);
    co_await poll_timer_.async_wait(tuple_awaitable);
  }
}

asio::awaitable<void> binance_feed::poll_once() {
  const bool polling_only = settings_.source == feed_source::rest;
  const auto now = clock_.now();
  std::erase_if(invalid_symbols_, [&](const auto& item) { return item.second <= now; });
  std::vector<std::string> symbols;
  for (const auto& symbol : symbols_) {
    if (!invalid_symbols_.contains(symbol)) symbols.push_back(symbol);
  }
  if (symbols.empty()) co_return;
  try {
    auto reply = co_await rest_.get(ticker_target(symbols));
    if (reply.status == 400 && symbols.size() > 1) {
      // One unknown symbol fails the whole list: ask one by one and set the unknown ones aside.
      for (const auto& symbol : symbols) {
        // Built apart from the co_await: GCC 12 miscompiles braced lists inside co_await operands.
        const std::vector<std::string> one{symbol};
        const auto target = ticker_target(one);
        auto single = co_await rest_.get(target);
        const auto error = parse_api_error(single.body);
        if (single.status == 400 && error && error->code == -1121) {
          spdlog::error("feed: the exchange does not know {}; its alerts wait", symbol);
          invalid_symbols_[symbol] = now + invalid_symbol_pause;
        }
      }
      co_return;
    }
    if (reply.status == 429 || reply.status == 418) {
      const auto wait = reply.retry_after.value_or(std::chrono::seconds(60));
      spdlog::warn("feed: the exchange asks to slow down for {} s", wait.count());
      poll_timer_.expires_after(wait);
      co_await poll_timer_.async_wait(tuple_awaitable);
      co_return;
    }
    auto prices = reply.status == 200 ? parse_ticker_prices(reply.body)
                                      : result<std::vector<symbol_price>>(make_failure(errc::validation_failed, "HTTP " + std::to_string(reply.status)));
    if (!prices) {
      spdlog::warn("feed: unusable ticker answer: {}", prices.error().message);
      if (handlers_.on_unreadable) handlers_.on_unreadable();
      if (polling_only) set_state(feed_state::down);
      co_return;
    }
    if (polling_only) set_state(feed_state::live);
    // The ticker carries no trade time: the price is as old as our request.
    for (const auto& item : *prices) handlers_.on_tick(price_tick{item.symbol, item.value, now});
  } catch (const std::exception& error) {
    spdlog::warn("feed: REST poll failed: {}", error.what());
    if (polling_only) set_state(feed_state::down);
  }
}

}  // namespace pricewatch::binance
