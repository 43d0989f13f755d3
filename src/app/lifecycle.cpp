#include "app/lifecycle.hpp"

#include "http/server.hpp"

#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <spdlog/spdlog.h>

#include <thread>
#include <vector>

namespace pricewatch {

void serve_until_signalled(boost::asio::io_context& io, http::server& server, std::size_t io_threads,
                           const std::function<void()>& stop_intake) {
  boost::asio::steady_timer grace(io);
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& error, int signal) {
    if (error) return;
    spdlog::info("signal {} received: finishing requests in flight, then stopping", signal);
    stop_intake();
    server.stop([&io] { io.stop(); });
    grace.expires_after(shutdown_grace);
    grace.async_wait([&](const boost::system::error_code& cancelled) {
      if (cancelled) return;
      spdlog::warn("requests still in flight after {}s: closing them", shutdown_grace.count());
      server.abort_connections();
      io.stop();
    });
  });
  std::vector<std::jthread> threads;
  for (std::size_t i = 1; i < io_threads; ++i) threads.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& thread : threads) thread.join();
}

}  // namespace pricewatch
