// The HTTP/1.1 server: accepts on one address, reads each request under size and time limits,
// routes it, runs the handler on the I/O thread or a blocking pool, writes the answer, keeps
// the connection alive. Stops gracefully: no new connections, idle ones closed, in-flight ones
// finished. Its methods may be called from any thread.
#pragma once

#include "http/request_origin.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace boost::asio {
class io_context;
}

namespace pricewatch {
class blocking_pool;
class monotonic_clock;
class random_source;
class wall_clock;
}

namespace pricewatch::http {

class router;
class metrics;

struct server_config {
  std::string listen = "127.0.0.1:8000";  // host:port; port 0 picks a free one
  std::size_t body_limit = 64 * 1024;
  std::size_t header_limit = 8 * 1024;
  std::chrono::seconds read_timeout{30};   // to read a request and answer it; also how long an
                                           // idle keep-alive connection lives
  std::chrono::seconds write_timeout{30};  // each write of an events stream
  // How long a request waits for its work on a blocking pool (the database, the cache, hashing)
  // before it is answered 503; the work itself goes on to its end.
  // Under 10 s, the wait a client (a load balancer's probe) commonly gives an answer.
  std::chrono::seconds handler_timeout{8};
  origin_settings origin{};                // whose forwarding headers are believed; where links point
};

class server {
 public:
  // pool runs the handlers that block; hashing those that hash passwords (router.hpp). The
  // monotonic clock times requests; the wall clock places an event stream's end check; random
  // names this process in its request ids.
  server(boost::asio::io_context& io, server_config config, const router& routes, metrics& metrics,
         blocking_pool& pool, blocking_pool& hashing, const wall_clock& clock, const monotonic_clock& monotonic,
         random_source& random);
  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  // Binds and starts accepting; returns the bound port. Throws std::runtime_error naming the
  // address when it cannot bind.
  std::uint16_t start();

  // Stops accepting and closes idle connections; on_drained runs (on an I/O thread) once the
  // last in-flight request has been answered.
  void stop(std::function<void()> on_drained);

  // Closes every connection at once, answered or not: the end of the shutdown grace period.
  void abort_connections();

 private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

}  // namespace pricewatch::http
