#include "http/server.hpp"

#include "http/listen_address.hpp"
#include "http/server_state.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

#include <vector>

namespace pricewatch::http {

asio::awaitable<void> server::impl::accept_loop() {
  auto self = shared_from_this();
  while (!stopping) {
    auto [error, socket] = co_await acceptor.async_accept(asio::make_strand(io), as_tuple_awaitable);
    if (error == asio::error::operation_aborted || !acceptor.is_open()) {
      break;
    }
    if (error) {
      // Out of file descriptors or similar: wait a little instead of spinning on the error.
      spdlog::error("accept failed: {}", error.message());
      asio::steady_timer pause(acceptor.get_executor(), std::chrono::milliseconds(100));
      co_await pause.async_wait(as_tuple_awaitable);
      continue;
    }
    auto peer = std::make_shared<connection>(std::move(socket));
    {
      std::lock_guard lock(mutex);
      connections.insert(peer);
    }
    asio::co_spawn(peer->stream.get_executor(), serve(peer), [self, peer](std::exception_ptr failure) {
      if (failure) {
        try {
          std::rethrow_exception(failure);
        } catch (const std::exception& exception) {
          spdlog::error("connection failed: {}", exception.what());
        }
      }
      self->forget(peer);
    });
  }
}

void server::impl::forget(const std::shared_ptr<connection>& peer) {
  std::function<void()> drained;
  {
    std::lock_guard lock(mutex);
    connections.erase(peer);
    if (stopping && connections.empty() && on_drained) {
      drained = std::exchange(on_drained, nullptr);
    }
  }
  if (drained) drained();
}

server::server(asio::io_context& io, server_config config, const router& routes, metrics& metrics, blocking_pool& pool,
               blocking_pool& hashing, const wall_clock& clock, const monotonic_clock& monotonic,
               random_source& random)
    : impl_(std::make_shared<impl>(io, std::move(config), routes, metrics, pool, hashing, clock, monotonic, random)) {}

server::~server() = default;

std::uint16_t server::start() {
  const auto endpoint = parse_listen_address(impl_->config.listen);
  auto& acceptor = impl_->acceptor;
  boost::system::error_code error;
  acceptor.open(endpoint.protocol(), error);
  if (!error) acceptor.set_option(asio::socket_base::reuse_address(true), error);
  if (!error) acceptor.bind(endpoint, error);
  if (!error) acceptor.listen(asio::socket_base::max_listen_connections, error);
  if (error) {
    throw std::runtime_error("cannot listen on " + impl_->config.listen + ": " + error.message());
  }
  asio::co_spawn(acceptor.get_executor(), impl_->accept_loop(), [](std::exception_ptr failure) {
    if (failure) spdlog::critical("the accept loop ended with an exception");
  });
  return acceptor.local_endpoint().port();
}

void server::stop(std::function<void()> on_drained) {
  auto self = impl_;
  asio::post(self->acceptor.get_executor(), [self, on_drained = std::move(on_drained)]() mutable {
    self->stopping = true;
    boost::system::error_code ignored;
    self->acceptor.close(ignored);
    std::vector<std::shared_ptr<connection>> open;
    {
      std::lock_guard lock(self->mutex);
      open.assign(self->connections.begin(), self->connections.end());
      if (!open.empty()) {
        self->on_drained = std::move(on_drained);
      }
    }
    if (open.empty()) {
      on_drained();
      return;
    }
    for (auto& peer : open) {
      // On the connection's strand: idle is only read there, and cancelling ends the wait for
      // the next request; a connection busy with a request finishes it and then closes.
      asio::post(peer->stream.get_executor(), [peer] {
        // Bytes already waiting are a request in flight: let the session read and answer it.
        boost::system::error_code unavailable;
        if (peer->idle && peer->stream.socket().available(unavailable) == 0) peer->stream.cancel();
        // An events stream ends at once: its wait is cancelled and it sees stopping.
        if (peer->streaming) peer->wake.cancel();
      });
    }
  });
}

void server::abort_connections() {
  std::vector<std::shared_ptr<connection>> open;
  {
    std::lock_guard lock(impl_->mutex);
    open.assign(impl_->connections.begin(), impl_->connections.end());
  }
  for (auto& peer : open) {
    asio::post(peer->stream.get_executor(), [peer] { peer->stream.close(); });
  }
}

}  // namespace pricewatch::http
