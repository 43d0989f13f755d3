// An exchange's WebSocket stream, for every exchange: connects (TLS for wss://), follows a set of
// symbols with live subscribe/unsubscribe messages in the exchange's format (exchange_protocol),
// spaced to stay under its message limit, answers pings (Beast does), takes a stream whose
// heartbeats stopped for dead, reconnects with jittered exponential backoff, and reconnects on
// purpose before a planned cut (Binance's 24 hours). Frames go to on_frame unparsed.
// Runs on one strand (or a single-threaded context): every method must be called on it.
// The only translation unit with Beast's WebSocket (slow to compile).
#pragma once

#include "core/clock.hpp"
#include "core/random.hpp"
#include "feed/endpoint.hpp"
#include "feed/exchange_protocol.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <set>
#include <string>

namespace boost::asio::ssl {
class context;
}

namespace pricewatch {

struct stream_handlers {
  std::function<void(const std::string& frame)> on_frame;
  std::function<void()> on_connected;
  std::function<void(const std::string& reason)> on_disconnected;
};

struct stream_timing {
  std::chrono::seconds max_backoff{60};
  std::chrono::seconds idle_timeout{60};  // no frame at all (pongs included) for this long: reconnect
};

class stream_client {
 public:
  // protocol: the exchange's URLs, subscription messages and limits; it must outlive the client.
  // The monotonic clock tells a connection that lasted from one that failed at once, and
  // measures silence; random jitters reconnects, so that many clients cut off together do not
  // come back together.
  stream_client(boost::asio::any_io_executor executor, endpoint where, boost::asio::ssl::context& tls,
                const exchange_protocol& protocol, stream_handlers handlers, const monotonic_clock& clock,
                random_source& random, stream_timing timing = {});
  ~stream_client();

  // The symbols to follow, in the exchange's form; the connection catches up within a fraction
  // of a second. With none, no connection is kept open.
  void set_symbols(const std::set<std::string>& symbols);
  void start();
  void stop();
  // Closes the connection now and reconnects at once (a shutdown the exchange announced).
  void reconnect_now();
  // Sends every subscription again (the exchange dropped a whole subscription request).
  void resubscribe();
  // The exchange refused this symbol's subscription: there is none to undo when it is dropped.
  void forget(const std::string& symbol) { subscribed_.erase(symbol); }
  bool connected() const { return connected_; }

 private:
  struct session_state;
  boost::asio::awaitable<void> run();
  template <class WebSocket>
  boost::asio::awaitable<void> serve(WebSocket& socket, std::shared_ptr<session_state> state);
  template <class WebSocket>
  boost::asio::awaitable<void> write_control(WebSocket& socket, std::shared_ptr<session_state> state);
  boost::asio::awaitable<void> watch_silence(std::shared_ptr<session_state> state);

  boost::asio::any_io_executor executor_;
  endpoint where_;
  boost::asio::ssl::context& tls_;
  const exchange_protocol& protocol_;
  stream_rules rules_;
  stream_handlers handlers_;
  const monotonic_clock& clock_;
  random_source& random_;
  stream_timing timing_;
  std::set<std::string> desired_;     // symbols we want
  std::set<std::string> subscribed_;  // symbols the connection has
  boost::asio::steady_timer wake_;    // cancelled to wake the writer or the idle wait
  boost::asio::steady_timer backoff_timer_;
  std::function<void()> close_current_;
  std::int64_t next_id_ = 1;
  bool connected_ = false;
  bool stopping_ = false;
  bool running_ = false;
  bool reconnect_immediately_ = false;  // the last close was on purpose: no backoff
};

}  // namespace pricewatch
