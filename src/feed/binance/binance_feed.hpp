// Binance behind the price_feed interface (BINANCE.md): the combined aggTrade stream, REST ticker
// polling while the stream is down or as the only source (feed.source = binance-rest), 1-second
// klines for the high and low of a gap after a reconnect, unknown symbols set aside so they do
// not stop every price, and 429/418 answers honoured. Runs on one strand; see price_feed.
#pragma once

#include "feed/binance/rest_client.hpp"
#include "feed/feed_settings.hpp"
#include "feed/price_feed.hpp"

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
class wall_clock;
}

namespace pricewatch::binance {

class stream_client;

class binance_feed final : public price_feed {
 public:
  binance_feed(boost::asio::any_io_executor executor, feed_settings settings, const wall_clock& clock,
               const monotonic_clock& monotonic, random_source& random);
  ~binance_feed() override;
  binance_feed(const binance_feed&) = delete;
  binance_feed& operator=(const binance_feed&) = delete;

  void start(feed_handlers handlers) override;
  void follow(const std::set<std::string>& symbols) override;
  void stop() override;

 private:
  void on_frame(const std::string& frame);
  void on_connected();
  void on_disconnected(const std::string& reason);
  void set_state(feed_state state);
  boost::asio::awaitable<void> fill_gap(time_point from, time_point to);
  boost::asio::awaitable<void> poll_loop();
  boost::asio::awaitable<void> poll_once();
  template <class Awaitable>
  void spawn(Awaitable work, const char* what);

  boost::asio::any_io_executor executor_;
  feed_settings settings_;
  const wall_clock& clock_;
  const monotonic_clock& monotonic_;
  random_source& random_;
  boost::asio::ssl::context tls_;
  rest_client rest_;
  std::unique_ptr<stream_client> stream_;
  boost::asio::steady_timer poll_timer_;
  feed_handlers handlers_;
  std::set<std::string> symbols_;                      // followed
  std::map<std::string, time_point> invalid_symbols_;  // refused by the exchange, until
  feed_state state_ = feed_state::down;
  std::optional<time_point> gap_started_;  // the stream is down since (the last price before)
  time_point last_stream_price_{};
  bool stopping_ = false;
};

}  // namespace pricewatch::binance
