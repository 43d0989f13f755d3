// What the server's parts share (private to src/http), as Beast's chat-multi example splits a
// server: the listener and registry of connections (server.cpp), the HTTP session that reads
// requests and answers them (http_session.cpp) and the session that streams Server-Sent Events
// (event_stream_session.cpp). Each connection lives on its own strand.
#pragma once

#include "core/blocking_pool.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "http/http_message.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <fmt/format.h>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>

namespace pricewatch::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
inline constexpr auto as_tuple_awaitable = asio::as_tuple(asio::use_awaitable);

// One accepted connection; shared by its session coroutine and the server's registry so that
// stop() can close it while it waits for a request.
struct connection {
  explicit connection(tcp::socket socket) : stream(std::move(socket)), wake(stream.get_executor()) {}
  beast::tcp_stream stream;
  bool idle = true;       // waiting for a request's first bytes; touched only on the stream's strand
  bool streaming = false; // writing Server-Sent Events; likewise
  asio::steady_timer wake;  // an events stream waits on it for the next event or keep-alive
};

struct server::impl : std::enable_shared_from_this<server::impl> {
  impl(asio::io_context& io_context, server_config settings, const router& route_table, metrics& recorder,
       blocking_pool& workers, blocking_pool& hashers, const wall_clock& wall, const monotonic_clock& steady,
       random_source& random)
      : io(io_context), config(std::move(settings)), routes(route_table), counters(recorder), pool(workers),
        hashing(hashers), clock(wall), monotonic(steady), acceptor(asio::make_strand(io_context)),
        request_id_prefix(fmt::format("{:08x}", static_cast<std::uint32_t>(random.bits()))) {}

  asio::io_context& io;
  server_config config;
  const router& routes;
  metrics& counters;
  blocking_pool& pool;
  blocking_pool& hashing;
  const wall_clock& clock;
  const monotonic_clock& monotonic;
  tcp::acceptor acceptor;
  std::atomic<bool> stopping{false};
  std::mutex mutex;  // guards connections and on_drained
  std::set<std::shared_ptr<connection>> connections;
  std::function<void()> on_drained;
  // Request ids: a random prefix per process and a counter, unique across restarts and processes.
  std::string request_id_prefix;
  std::atomic<std::uint64_t> request_counter{0};

  // The listener (server.cpp): accepts until stopped, a session coroutine per connection.
  asio::awaitable<void> accept_loop();
  void forget(const std::shared_ptr<connection>& peer);
  // The HTTP session (http_session.cpp): requests on one connection until it closes.
  asio::awaitable<void> serve(std::shared_ptr<connection> peer);
  asio::awaitable<response> respond(request& incoming, router::match& matched);
  // The events session (event_stream_session.cpp): the rest of the connection's life, for a
  // response that streams. answer is the caller's, alive until this returns.
  asio::awaitable<void> stream_events(connection& peer, response& answer, unsigned version,
                                      const std::string& request_id);
};

}  // namespace pricewatch::http
