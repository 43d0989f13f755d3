// The exchange's combined WebSocket stream: connects (TLS for wss://), follows the set of
// symbols with live SUBSCRIBE/UNSUBSCRIBE (at most 4 control messages a second, under Binance's
// 5), answers pings (Beast does), reconnects with jittered exponential backoff, and reconnects
// on purpose before Binance's 24-hour cut. Frames go to on_frame unparsed.
// Runs on one strand (or a single-threaded context): every method must be called on it.
#pragma once

#include "core/clock.hpp"
#include "core/random.hpp"

#include "feed/endpoint.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <random>
#include <set>
#include <string>

namespace boost::asio::ssl {
class context;
}

namespace pricewatch::binance {

struct stream_handlers {
  std::function<void(const std::string& frame)> on_frame;
  std::function<void()> on_connected;
  std::function<void(const std::string& reason)> on_disconnected;
};

struct stream_config {
  std::chrono::seconds max_backoff{60};
  std::chrono::seconds planned_reconnect{23 * 3600};  // Binance cuts connections at 24 hours
  std::chrono::seconds idle_timeout{60};              // no frame at all for this long: reconnect
};

class stream_client {
 public:
  // The monotonic clock tells a connection that lasted from one that failed at once; random
  // jitters reconnects, so that many clients cut off together do not come back together.
  stream_client(boost::asio::any_io_executor executor, endpoint where, boost::asio::ssl::context& tls, stream_handlers handlers,
                const monotonic_clock& clock, random_source& random, stream_config config = {});
  ~stream_client();

  // The symbols to follow ("BTCUSDT"); the connection catches up within a fraction of a second.
  void set_symbols(const std::set<std::string>& symbols);
  void start();
  void stop();
  // Closes the connection now and reconnects at once (serverShutdown, planned reconnect).
  void reconnect_now();
  bool connected() const { return connected_; }

 private:
  struct session_state;
  boost::asio::awaitable<void> run();
  template <class WebSocket>
  boost::asio::awaitable<void> serve(WebSocket& socket, std::shared_ptr<session_state> state);
  template <class WebSocket>
  boost::asio::awaitable<void> write_control(WebSocket& socket, std::shared_ptr<session_state> state);
  std::string connect_target() const;

  boost::asio::any_io_executor executor_;
  endpoint where_;
  boost::asio::ssl::context& tls_;
  stream_handlers handlers_;
  const monotonic_clock& clock_;
  stream_config config_;
  std::set<std::string> desired_;     // stream names we want
  std::set<std::string> subscribed_;  // stream names the connection has
  boost::asio::steady_timer wake_;    // cancelled to wake the writer or the idle wait
  boost::asio::steady_timer backoff_timer_;
  std::function<void()> close_current_;
  random_source& random_;
  std::int64_t next_id_ = 1;
  bool connected_ = false;
  bool stopping_ = false;
  bool running_ = false;
  bool reconnect_immediately_ = false;  // the last close was on purpose: no backoff
};

}  // namespace pricewatch::binance
