// Any exchange behind the price_feed interface, given its protocol (exchange_protocol.hpp): live
// trades from the stream, REST ticker polling while the stream is down (or as the only source:
// feed.source = binance-rest), candles for the low and high of every gap (a reconnect, or a jump
// in the stream's sequence numbers) so that a wick the stream missed still fires, candles for the
// history a moving alert's window starts with (recall), symbols the
// exchange refuses set aside for a while so that they do not stop every price, and rate limits
// honoured. Runs on one strand; see price_feed.
#pragma once

#include "core/log_throttle.hpp"
#include "feed/exchange_protocol.hpp"
#include "feed/feed_settings.hpp"
#include "feed/price_feed.hpp"
#include "feed/rest_client.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <map>
#include <memory>
#include <optional>

namespace pricewatch {

class monotonic_clock;
class random_source;
class stream_client;
class wall_clock;

class exchange_feed final : public price_feed {
 public:
  // Throws boost::system::system_error when TLS cannot be set up (the system's CA certificates).
  exchange_feed(boost::asio::any_io_executor executor, feed_settings settings,
                std::unique_ptr<exchange_protocol> protocol, const wall_clock& clock,
                const monotonic_clock& monotonic, random_source& random);
  ~exchange_feed() override;
  exchange_feed(const exchange_feed&) = delete;
  exchange_feed& operator=(const exchange_feed&) = delete;

  void start(feed_handlers handlers) override;
  void follow(const std::set<std::string>& symbols) override;
  void recall(const std::string& symbol, time_point from) override;
  void stop() override;

 private:
  void on_frame(const std::string& frame);
  void on_connected();
  void on_disconnected(const std::string& reason);
  void set_state(feed_state state);
  // Where a symbol was refused: by the REST API (not polled), or by the stream (neither
  // streamed nor polled). Binance's stream takes any name, so only REST can tell there.
  enum class refused_by { rest, stream };
  void refuse(const std::string& symbol, std::string_view why, refused_by where);
  void update_stream();
  std::set<std::string> usable_symbols(refused_by where) const;
  boost::asio::awaitable<http_reply> rest_get(const std::string& target);
  boost::asio::awaitable<void> learn_instruments();
  enum class candle_use { gap, history };
  boost::asio::awaitable<void> read_candles(std::set<std::string> symbols, time_point from, time_point to,
                                            candle_use use);
  boost::asio::awaitable<void> poll_loop();
  boost::asio::awaitable<void> poll_once();
  boost::asio::awaitable<void> wait_for(std::chrono::steady_clock::duration how_long);
  template <class Awaitable>
  void spawn(Awaitable work, const char* what);

  boost::asio::any_io_executor executor_;
  feed_settings settings_;
  std::unique_ptr<exchange_protocol> protocol_;
  std::string name_;  // the exchange's, for the log
  const wall_clock& clock_;
  const monotonic_clock& monotonic_;
  random_source& random_;
  std::shared_ptr<boost::asio::ssl::context> tls_;  // shared_tls_client_context()
  rest_client rest_;
  std::unique_ptr<stream_client> stream_;
  boost::asio::steady_timer poll_timer_;
  feed_handlers handlers_;
  std::set<std::string> symbols_;                       // followed
  std::map<std::string, time_point> refused_by_rest_;    // refused by the REST API, until
  std::map<std::string, time_point> refused_by_stream_;  // refused by the stream, until
  std::optional<time_point> instruments_learned_;
  std::optional<std::chrono::steady_clock::time_point> last_request_;  // for the REST spacing
  feed_state state_ = feed_state::down;
  std::optional<time_point> gap_started_;  // the stream is down since (the last price before)
  time_point last_stream_price_{};
  bool stopping_ = false;
  // Garbage at the stream's rate (thousands of frames a second) must not write as many lines.
  log_throttle unreadable_log_{std::chrono::seconds(1)};
};

}  // namespace pricewatch
