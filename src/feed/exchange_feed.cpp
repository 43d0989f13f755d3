#include "feed/exchange_feed.hpp"

#include "core/clock.hpp"
#include "feed/stream_client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace pricewatch {

namespace asio = boost::asio;
namespace {

constexpr auto tuple_awaitable = asio::as_tuple(asio::use_awaitable);
// A symbol the exchange refused is asked for again after this long (it may have been listed).
constexpr auto refusal_pause = std::chrono::minutes(10);
// How long a learned instrument list is trusted before it is asked for again.
constexpr auto instruments_refresh = std::chrono::hours(1);
// Rate-limited candle requests are tried this many times before the gap is given up.
constexpr int candle_attempts = 3;

void log_note(std::string_view exchange, note_level level, const std::string& note) {
  if (note.empty()) return;
  switch (level) {
    case note_level::debug:
      spdlog::debug("feed {}: {}", exchange, note);
      break;
    case note_level::info:
      spdlog::info("feed {}: {}", exchange, note);
      break;
    case note_level::warning:
      spdlog::warn("feed {}: {}", exchange, note);
      break;
  }
}

}  // namespace

exchange_feed::exchange_feed(asio::any_io_executor executor, feed_settings settings,
                             std::unique_ptr<exchange_protocol> protocol, const wall_clock& clock,
                             const monotonic_clock& monotonic, random_source& random)
    : executor_(std::move(executor)),
      settings_(std::move(settings)),
      protocol_(std::move(protocol)),
      name_(exchange_name(settings_.exchange)),
      clock_(clock),
      monotonic_(monotonic),
      random_(random),
      tls_(shared_tls_client_context()),
      rest_(executor_, settings_.rest_endpoint, *tls_),
      poll_timer_(executor_) {}

exchange_feed::~exchange_feed() = default;

template <class Awaitable>
void exchange_feed::spawn(Awaitable work, const char* what) {
  asio::co_spawn(executor_, std::move(work), [name = name_, what](std::exception_ptr failure) {
    if (!failure) return;
    try {
      std::rethrow_exception(failure);
    } catch (const std::exception& error) {
      spdlog::error("feed {}: {} ended: {}", name, what, error.what());
    }
  });
}

void exchange_feed::start(feed_handlers handlers) {
  handlers_ = std::move(handlers);
  if (settings_.source == feed_source::stream) {
    stream_ = std::make_unique<stream_client>(
        executor_, settings_.stream_endpoint, *tls_, *protocol_,
        stream_handlers{[this](const std::string& frame) { on_frame(frame); }, [this] { on_connected(); },
                        [this](const std::string& reason) { on_disconnected(reason); }},
        monotonic_, random_);
    stream_->set_symbols(usable_symbols(refused_by::stream));
    stream_->start();
  }
  spawn(poll_loop(), "REST polling");
}

void exchange_feed::follow(const std::set<std::string>& symbols) {
  symbols_ = symbols;
  update_stream();
}

void exchange_feed::stop() {
  stopping_ = true;
  poll_timer_.cancel();
  if (stream_) stream_->stop();
}

std::set<std::string> exchange_feed::usable_symbols(refused_by where) const {
  std::set<std::string> usable;
  std::ranges::copy_if(symbols_, std::inserter(usable, usable.end()), [&](const std::string& symbol) {
    return !refused_by_stream_.contains(symbol) && (where == refused_by::stream || !refused_by_rest_.contains(symbol));
  });
  return usable;
}

void exchange_feed::update_stream() {
  if (stream_) stream_->set_symbols(usable_symbols(refused_by::stream));
}

void exchange_feed::refuse(const std::string& symbol, std::string_view why, refused_by where) {
  spdlog::error("feed {}: the exchange does not know {} ({}); its alerts wait", name_, symbol, why);
  (where == refused_by::stream ? refused_by_stream_ : refused_by_rest_)[symbol] = clock_.now() + refusal_pause;
  if (where == refused_by::stream) update_stream();
}

void exchange_feed::set_state(feed_state state) {
  if (state == state_) return;
  state_ = state;
  if (handlers_.on_state) handlers_.on_state(state);
}

void exchange_feed::on_frame(const std::string& frame) {
  auto message = protocol_->read(frame);
  if (message.unreadable) {
    if (const auto count = unreadable_log_.admit(monotonic_.now()); count == 1) {
      spdlog::warn("feed {}: ignored a message: {}", name_, message.note);
    } else if (count > 1) {
      spdlog::warn("feed {}: ignored {} messages in the last second or more; the last: {}", name_, count, message.note);
    }
    if (handlers_.on_unreadable) handlers_.on_unreadable();
  } else {
    log_note(name_, message.level, message.note);
  }
  for (const auto& tick : message.trades) {
    last_stream_price_ = std::max(last_stream_price_, tick.trade_time);
    handlers_.on_tick(tick);
  }
  for (const auto& stretch : message.missed) {
    spdlog::warn("feed {}: the stream skipped trades of {}; reading its candles", name_, stretch.symbol);
    std::set<std::string> one{stretch.symbol};
    spawn(read_candles(std::move(one), stretch.from, stretch.until, candle_use::gap), "gap fill");
  }
  for (const auto& symbol : message.refused_symbols) {
    // Refused by the stream: there is no subscription to undo.
    if (stream_) stream_->forget(symbol);
    refuse(symbol, message.note, refused_by::stream);
  }
  if (message.resubscribe && stream_) stream_->resubscribe();
  if (message.reconnect && stream_) {
    spdlog::info("feed {}: the exchange announced a shutdown; reconnecting", name_);
    stream_->reconnect_now();
  }
}

void exchange_feed::on_connected() {
  protocol_->on_connected();
  set_state(feed_state::live);
  if (gap_started_) {
    spawn(read_candles(usable_symbols(refused_by::rest), *gap_started_, clock_.now(), candle_use::gap), "gap fill");
  }
  gap_started_.reset();
}

void exchange_feed::on_disconnected(const std::string& reason) {
  set_state(feed_state::down);
  // The gap runs from the last price the stream gave (or now, if it gave none).
  if (!gap_started_) {
    gap_started_ = last_stream_price_.time_since_epoch().count() != 0 ? last_stream_price_ : clock_.now();
  }
  spdlog::warn("feed {}: stream lost ({}); prices from REST polling until it is back", name_, reason);
  poll_timer_.cancel();  // poll at once rather than at the next period
}

// Requests keep the exchange's spacing even when polling and gap filling overlap: each one
// takes the next free slot.
asio::awaitable<http_reply> exchange_feed::rest_get(const std::string& target) {
  const auto spacing = protocol_->rest().request_spacing;
  if (spacing.count() > 0) {
    const auto now = monotonic_.now();
    const auto slot = last_request_ ? std::max(now, *last_request_ + spacing) : now;
    last_request_ = slot;
    if (slot > now) co_await wait_for(slot - now);
  }
  co_return co_await rest_.get(target);
}

asio::awaitable<void> exchange_feed::wait_for(std::chrono::steady_clock::duration how_long) {
  asio::steady_timer timer(executor_, how_long);
  co_await timer.async_wait(tuple_awaitable);
}

asio::awaitable<void> exchange_feed::learn_instruments() {
  if (!protocol_->needs_instruments()) co_return;
  if (instruments_learned_ && clock_.now() - *instruments_learned_ < instruments_refresh) co_return;
  instruments_learned_ = clock_.now();  // failed or not, not asked again at once
  try {
    const auto reply = co_await rest_get(protocol_->instruments_target());
    const auto list = protocol_->read_instruments(reply);
    if (list.status != rest_status::ok) {
      spdlog::warn("feed {}: unusable instrument list: {}", name_, list.problem);
      instruments_learned_.reset();
      co_return;
    }
    protocol_->learn(list.value);
    spdlog::info("feed {}: learned the REST names of {} instruments", name_, list.value.size());
  } catch (const std::exception& error) {
    spdlog::warn("feed {}: cannot fetch the instrument list: {}", name_, error.what());
    instruments_learned_.reset();
  }
}

// Each candle from the gap's start to its end is one stretch: the watcher fires what its high or
// low crossed among the alerts that existed by its end (the gap's end at the latest). The gap is
// read in windows of at most max_candles candles, each asked for once (an exchange may list only
// the candles that had trades, or more than the window: only the window's are taken). History is
// read the same way, from its own (longer) candles, and reported as history.
asio::awaitable<void> exchange_feed::read_candles(std::set<std::string> symbols, time_point from, time_point to,
                                                  candle_use use) {
  co_await learn_instruments();
  const auto rules = protocol_->rest();
  const bool history = use == candle_use::history;
  const auto length = std::chrono::duration_cast<time_point::duration>(history ? rules.history_candle_length
                                                                               : rules.candle_length);
  const auto window = length * static_cast<time_point::rep>(rules.max_candles);
  const char* what = history ? "history" : "gap";
  for (const auto& symbol : symbols) {
    // Candles open on a grid of their length: from the one holding `from`.
    const auto since_epoch = from.time_since_epoch();
    auto start = time_point(since_epoch - (since_epoch % length + length) % length);
    int attempts = 0;
    while (start <= to && !stopping_) {
      const auto end = std::min(to, start + window - length);
      // Named, not a conditional inside co_await: g++ 12 destroys such a temporary twice.
      const auto target = history ? protocol_->history_candles_target(symbol, start, end)
                                  : protocol_->candles_target(symbol, start, end);
      http_reply reply;
      try {
        reply = co_await rest_get(target);
      } catch (const std::exception& error) {
        spdlog::error("feed {}: cannot fetch the {} candles of {}: {}", name_, what, symbol, error.what());
        break;
      }
      const auto candles = protocol_->read_candles(reply);
      if (candles.status == rest_status::rate_limited && ++attempts < candle_attempts) {
        co_await wait_for(candles.retry_after.value_or(rules.default_retry_after));
        continue;
      }
      if (candles.status != rest_status::ok) {
        spdlog::error("feed {}: unusable {} candles for {}: {}", name_, what, symbol, candles.problem);
        break;
      }
      const auto& report = history ? handlers_.on_history : handlers_.on_gap;
      for (const auto& item : candles.value) {
        if (item.open < start || item.open > end) continue;
        if (report) report(price_gap{symbol, item.low, item.high, item.open, std::min(item.open + length, to)});
      }
      start = end + length;
      attempts = 0;
    }
  }
}

void exchange_feed::recall(const std::string& symbol, time_point from) {
  std::set<std::string> one{symbol};
  spawn(read_candles(std::move(one), from, clock_.now(), candle_use::history), "reading history");
}

asio::awaitable<void> exchange_feed::poll_loop() {
  while (!stopping_) {
    // A refusal expires: the symbol is tried again, on the stream too.
    const auto now = clock_.now();
    const auto expired = [&](const auto& item) { return item.second <= now; };
    std::erase_if(refused_by_rest_, expired);
    if (std::erase_if(refused_by_stream_, expired) > 0) update_stream();
    const bool needed = settings_.source == feed_source::rest || !stream_ || !stream_->connected();
    if (needed && !usable_symbols(refused_by::rest).empty()) {
      co_await poll_once();
    }
    poll_timer_.expires_after(settings_.poll_interval);
    co_await poll_timer_.async_wait(tuple_awaitable);
  }
}

asio::awaitable<void> exchange_feed::poll_once() {
  const bool polling_only = settings_.source == feed_source::rest;
  const auto now = clock_.now();
  const auto usable = usable_symbols(refused_by::rest);
  const std::vector<std::string> symbols(usable.begin(), usable.end());
  co_await learn_instruments();
  const auto report = [&](const std::vector<quoted_price>& prices) {
    // A ticker without a trade time is as old as our request.
    for (const auto& item : prices) handlers_.on_tick(price_tick{item.symbol, item.value, item.trade_time.value_or(now)});
  };
  for (const auto& request : protocol_->ticker_requests(symbols)) {
    if (stopping_) co_return;
    try {
      const auto reply = co_await rest_get(request.target);
      const auto reading = protocol_->read_tickers(reply, request.symbols);
      if (reading.status == rest_status::rate_limited) {
        const auto wait = reading.retry_after.value_or(protocol_->rest().default_retry_after);
        spdlog::warn("feed {}: the exchange asks to slow down for {} s", name_, wait.count());
        poll_timer_.expires_after(wait);
        co_await poll_timer_.async_wait(tuple_awaitable);
        co_return;
      }
      if (reading.status == rest_status::unknown_symbol && request.symbols.size() == 1) {
        refuse(request.symbols.front(), reading.problem, refused_by::rest);
        continue;
      }
      if (reading.status == rest_status::unknown_symbol) {
        // One unknown symbol fails the whole list: ask one by one and set the unknown ones aside.
        for (const auto& symbol : request.symbols) {
          // Built apart from the co_await: GCC 12 miscompiles braced lists inside co_await operands.
          const std::vector<std::string> one{symbol};
          for (const auto& single : protocol_->ticker_requests(one)) {
            const auto single_reply = co_await rest_get(single.target);
            const auto single_reading = protocol_->read_tickers(single_reply, one);
            if (single_reading.status == rest_status::unknown_symbol) refuse(symbol, single_reading.problem, refused_by::rest);
            if (single_reading.status == rest_status::ok) report(single_reading.value);
          }
        }
        continue;
      }
      if (reading.status != rest_status::ok) {
        spdlog::warn("feed {}: unusable ticker answer: {}", name_, reading.problem);
        if (handlers_.on_unreadable) handlers_.on_unreadable();
        if (polling_only) set_state(feed_state::down);
        co_return;
      }
      if (polling_only) set_state(feed_state::live);
      report(reading.value);
    } catch (const std::exception& error) {
      spdlog::warn("feed {}: REST poll failed: {}", name_, error.what());
      if (polling_only) set_state(feed_state::down);
      co_return;
    }
  }
}

}  // namespace pricewatch
