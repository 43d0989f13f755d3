// The one lifecycle of a serving process: I/O threads until SIGINT or SIGTERM, then an orderly
// stop. On the signal, stop_intake() stops what brings new work (the watcher), the server stops
// accepting and lets requests in flight finish for up to the grace period, then closes what is
// left; the call returns once every I/O thread is done. Workers are joined by their owners after.
#pragma once

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstddef>
#include <functional>

namespace pricewatch {

namespace http {
class server;
}

inline constexpr std::chrono::seconds shutdown_grace{5};

void serve_until_signalled(boost::asio::io_context& io, http::server& server, std::size_t io_threads,
                           const std::function<void()>& stop_intake);

}  // namespace pricewatch
