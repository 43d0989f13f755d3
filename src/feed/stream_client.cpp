#include "feed/stream_client.hpp"

#include "core/backoff.hpp"
#include "feed/server_name.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <spdlog/spdlog.h>

namespace pricewatch {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
using namespace asio::experimental::awaitable_operators;
constexpr auto tuple_awaitable = asio::as_tuple(asio::use_awaitable);

namespace {

void throw_if(const boost::system::error_code& error) {
  if (error) throw boost::system::system_error(error);
}

}  // namespace

struct stream_client::session_state {
  bool open = true;
  monotonic_clock::time_point last_frame;
  std::string ending;  // why the session ended, when it ended without an I/O error
};

stream_client::stream_client(asio::any_io_executor executor, endpoint where, asio::ssl::context& tls,
                             const exchange_protocol& protocol, stream_handlers handlers, const monotonic_clock& clock,
                             random_source& random, stream_timing timing)
    : executor_(std::move(executor)),
      where_(std::move(where)),
      tls_(tls),
      protocol_(protocol),
      rules_(protocol.stream()),
      handlers_(std::move(handlers)),
      clock_(clock),
      random_(random),
      timing_(timing),
      wake_(executor_),
      backoff_timer_(executor_) {}

stream_client::~stream_client() = default;

void stream_client::set_symbols(const std::set<std::string>& symbols) {
  std::set<std::string> wanted;
  for (const auto& symbol : symbols) {
    if (wanted.size() == rules_.max_symbols) {
      spdlog::error("feed {}: more than {} symbols; the rest are not streamed", where_.host, rules_.max_symbols);
      break;
    }
    wanted.insert(symbol);
  }
  if (wanted != desired_) {
    desired_ = std::move(wanted);
    wake_.cancel();
  }
}

void stream_client::start() {
  if (running_) return;
  running_ = true;
  asio::co_spawn(executor_, run(), [this](std::exception_ptr failure) {
    running_ = false;
    if (failure) spdlog::critical("feed {}: stream loop ended with an exception", where_.host);
  });
}

void stream_client::stop() {
  stopping_ = true;
  wake_.cancel();
  backoff_timer_.cancel();
  if (close_current_) close_current_();
}

void stream_client::reconnect_now() {
  reconnect_immediately_ = true;
  if (close_current_) close_current_();
}

void stream_client::resubscribe() {
  subscribed_.clear();
  wake_.cancel();
}

asio::awaitable<void> stream_client::run() {
  backoff reconnect(std::chrono::milliseconds(500), timing_.max_backoff);
  while (!stopping_) {
    if (desired_.empty()) {
      // Nothing to follow: wait until set_symbols() or stop() cancels the timer.
      wake_.expires_at(asio::steady_timer::time_point::max());
      co_await wake_.async_wait(tuple_awaitable);
      continue;
    }
    const auto started = clock_.now();
    std::string reason;
    auto state = std::make_shared<session_state>();
    try {
      if (where_.tls) {
        websocket::stream<beast::ssl_stream<beast::tcp_stream>> socket(executor_, tls_);
        co_await serve(socket, state);
      } else {
        websocket::stream<beast::tcp_stream> socket(executor_);
        co_await serve(socket, state);
      }
      reason = state->ending.empty() ? "closed" : state->ending;
    } catch (const boost::system::system_error& failure) {
      reason = state->ending.empty() ? failure.code().message() : state->ending;
    }
    close_current_ = nullptr;
    subscribed_.clear();
    if (connected_) {
      connected_ = false;
      handlers_.on_disconnected(reason);
    }
    if (stopping_) break;
    if (std::exchange(reconnect_immediately_, false)) {
      continue;
    }
    // A connection that lived a while was healthy: start the backoff over.
    if (clock_.now() - started > std::chrono::seconds(30)) reconnect.reset();
    // Between half and all of the delay, so that many clients cut off together do not return together.
    const auto jittered = reconnect.next(random_.uniform(), 0.5);
    spdlog::warn("feed {}: stream {}; reconnecting in {} ms", where_.host, reason, jittered.count());
    backoff_timer_.expires_after(jittered);
    co_await backoff_timer_.async_wait(tuple_awaitable);
  }
}

template <class WebSocket>
asio::awaitable<void> stream_client::serve(WebSocket& socket, std::shared_ptr<session_state> state) {
  asio::ip::tcp::resolver resolver(executor_);
  auto [resolve_error, addresses] = co_await resolver.async_resolve(where_.host, where_.port, tuple_awaitable);
  throw_if(resolve_error);
  auto& lowest = beast::get_lowest_layer(socket);
  lowest.expires_after(std::chrono::seconds(10));
  auto [connect_error, connected_to] = co_await lowest.async_connect(addresses, tuple_awaitable);
  throw_if(connect_error);
  if constexpr (!std::is_same_v<WebSocket, websocket::stream<beast::tcp_stream>>) {
    if (!set_server_name(socket.next_layer().native_handle(), where_.host)) {
      throw boost::system::system_error(static_cast<int>(::ERR_get_error()), asio::error::get_ssl_category());
    }
    socket.next_layer().set_verify_callback(asio::ssl::host_name_verification(where_.host));
    auto [tls_error] = co_await socket.next_layer().async_handshake(asio::ssl::stream_base::client, tuple_awaitable);
    throw_if(tls_error);
  }
  lowest.expires_never();
  websocket::stream_base::timeout timeouts = websocket::stream_base::timeout::suggested(beast::role_type::client);
  timeouts.idle_timeout = timing_.idle_timeout;
  timeouts.keep_alive_pings = true;  // a silent connection gets a ping, then is dropped
  socket.set_option(timeouts);
  socket.read_message_max(1024 * 1024);
  // The symbols named in the URL are the ones subscribed once the handshake is done; symbols
  // added meanwhile are subscribed afterwards by write_control.
  std::vector<std::string> in_url;
  for (const auto& symbol : desired_) {
    if (in_url.size() == rules_.symbols_in_url) break;
    in_url.push_back(symbol);
  }
  auto target = where_.base_path + protocol_.connect_target(in_url);
  if (target.empty()) target = "/";
  const auto host_header = where_.host + ":" + where_.port;
  auto [handshake_error] = co_await socket.async_handshake(host_header, target, tuple_awaitable);
  throw_if(handshake_error);
  subscribed_.insert(in_url.begin(), in_url.end());
  close_current_ = [&socket, state] {
    if (!state->open) return;
    state->open = false;
    beast::get_lowest_layer(socket).close();
  };
  connected_ = true;
  state->last_frame = clock_.now();
  handlers_.on_connected();
  spdlog::info("feed {}: connected with {} symbols", where_.host, desired_.size());

  asio::steady_timer planned(executor_);
  if (rules_.planned_reconnect.count() > 0) {
    planned.expires_after(rules_.planned_reconnect);
  } else {
    planned.expires_at(asio::steady_timer::time_point::max());
  }
  // Boost 1.81's || ends at the first branch that completes without an exception (an exception
  // only ends its own branch), so the reader and writer return normally with the error noted.
  boost::system::error_code failure;
  auto read_loop = [&]() -> asio::awaitable<void> {
    beast::flat_buffer buffer;
    for (;;) {
      auto [read_error, bytes] = co_await socket.async_read(buffer, tuple_awaitable);
      if (read_error) {
        failure = read_error;
        co_return;
      }
      state->last_frame = clock_.now();
      handlers_.on_frame(beast::buffers_to_string(buffer.data()));
      buffer.consume(buffer.size());
    }
  };
  auto writer = [&]() -> asio::awaitable<void> {
    try {
      co_await write_control(socket, state);
    } catch (const boost::system::system_error& error) {
      failure = error.code();
    }
  };
  // Whichever ends first ends the session: a read or write error, silence, or the planned reconnect.
  co_await (read_loop() || writer() || watch_silence(state) || planned.async_wait(asio::use_awaitable));
  throw_if(failure);
  if (state->open) {
    state->open = false;
    if (state->ending.empty()) {
      reconnect_immediately_ = true;
      spdlog::info("feed {}: planned reconnect", where_.host);
    }
    // A failed close changes nothing: the next connection starts fresh either way.
    auto closed = co_await socket.async_close(websocket::close_code::going_away, tuple_awaitable);
    (void)closed;
  }
}

// Ends when the stream has been silent for the exchange's heartbeat timeout (its heartbeats
// stopped although the connection may still answer pings), noting why in the session state.
asio::awaitable<void> stream_client::watch_silence(std::shared_ptr<session_state> state) {
  asio::steady_timer timer(executor_);
  if (rules_.silence_timeout.count() == 0) {
    timer.expires_at(asio::steady_timer::time_point::max());
    co_await timer.async_wait(tuple_awaitable);
    co_return;
  }
  for (;;) {
    const auto silent_for = clock_.now() - state->last_frame;
    if (silent_for >= rules_.silence_timeout) {
      state->ending = "silent for " + std::to_string(rules_.silence_timeout.count()) + " ms (no heartbeat)";
      co_return;
    }
    timer.expires_after(rules_.silence_timeout - silent_for);
    auto [error] = co_await timer.async_wait(tuple_awaitable);
    if (error) co_return;  // cancelled: another branch ended the session
  }
}

template <class WebSocket>
asio::awaitable<void> stream_client::write_control(WebSocket& socket, std::shared_ptr<session_state> state) {
  while (state->open) {
    std::vector<std::string> add, remove;
    for (const auto& symbol : desired_) {
      if (!subscribed_.contains(symbol) && add.size() < rules_.symbols_per_message) add.push_back(symbol);
    }
    for (const auto& symbol : subscribed_) {
      if (!desired_.contains(symbol) && remove.size() < rules_.symbols_per_message) remove.push_back(symbol);
    }
    if (add.empty() && remove.empty()) {
      wake_.expires_at(asio::steady_timer::time_point::max());
      co_await wake_.async_wait(tuple_awaitable);
      continue;
    }
    const bool subscribing = !add.empty();
    const auto& batch = subscribing ? add : remove;
    const auto message = protocol_.subscription_message(
        batch, subscribing ? subscription_change::subscribe : subscription_change::unsubscribe, next_id_++);
    auto [write_error, written] = co_await socket.async_write(asio::buffer(message), tuple_awaitable);
    throw_if(write_error);
    for (const auto& symbol : batch) {
      if (subscribing) subscribed_.insert(symbol);
      else subscribed_.erase(symbol);
    }
    // Spacing keeps control messages under the exchange's limit, with room for pongs.
    asio::steady_timer spacing(executor_, rules_.message_spacing);
    co_await spacing.async_wait(tuple_awaitable);
  }
}

}  // namespace pricewatch
