#include "http/server.hpp"

#include "core/backend_error.hpp"
#include "core/blocking_pool.hpp"
#include "core/clock.hpp"
#include "http/event_source.hpp"
#include "http/listen_address.hpp"
#include "http/metrics.hpp"
#include "http/request_conversion.hpp"
#include "http/router.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <spdlog/spdlog.h>

#include <atomic>
#include <mutex>
#include <random>
#include <set>

namespace pricewatch::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
constexpr auto as_tuple_awaitable = asio::as_tuple(asio::use_awaitable);

namespace {

// One accepted connection; shared by its session coroutine and the server's registry so that
// stop() can close it while it waits for a request.
struct connection {
  explicit connection(tcp::socket socket) : stream(std::move(socket)), wake(stream.get_executor()) {}
  beast::tcp_stream stream;
  bool idle = true;       // waiting for a request's first bytes; touched only on the stream's strand
  bool streaming = false; // writing Server-Sent Events; likewise
  asio::steady_timer wake;  // an events stream waits on it for the next event or keep-alive
};

constexpr auto events_keep_alive = std::chrono::seconds(15);

}  // namespace

struct server::impl : std::enable_shared_from_this<server::impl> {
  impl(asio::io_context& io_context, server_config settings, const router& route_table, metrics& recorder,
       blocking_pool& workers, blocking_pool& hashers, const wall_clock& wall, const monotonic_clock& steady)
      : io(io_context), config(std::move(settings)), routes(route_table), counters(recorder), pool(workers),
        hashing(hashers), clock(wall), monotonic(steady), acceptor(asio::make_strand(io_context)) {}

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
  std::string request_id_prefix = fmt::format("{:08x}", std::random_device{}());
  std::atomic<std::uint64_t> request_counter{0};

  asio::awaitable<void> accept_loop();
  asio::awaitable<void> serve(std::shared_ptr<connection> peer);
  asio::awaitable<response> respond(request& incoming, router::match& matched);
  asio::awaitable<void> stream_events(connection& peer, response answer, unsigned version, const std::string& request_id);
  void forget(const std::shared_ptr<connection>& peer);
};

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

asio::awaitable<response> server::impl::respond(request& incoming, router::match& matched) {
  if (matched.handle == nullptr) {
    co_return std::move(matched.fallback);
  }
  const auto style = matched.errors;
  const handler& handle = *matched.handle;
  const inline_attempt* attempt = matched.try_inline;
  // The one place infrastructure exceptions of a request end (STYLE.md point 5).
  auto guarded = [&]() -> response {
    try {
      if (attempt != nullptr) {
        if (auto answered = (*attempt)(incoming)) return std::move(*answered);
      }
      return handle(incoming);
    } catch (const storage_full_error& failure) {
      // Nothing of the change was stored: say so plainly, and never 2xx.
      spdlog::error("[{}] {} {} not stored: {}", incoming.request_id, incoming.method, incoming.target, failure.what());
      return routes.error_response(507, "The database's disk is full: nothing was stored. Try again later.", style);
    } catch (const backend_error& failure) {
      spdlog::error("[{}] {} unavailable: {}", incoming.request_id, failure.backend(), failure.what());
      return routes.error_response(503, "A backend is unavailable. Try again shortly.", style);
    } catch (const std::exception& failure) {
      spdlog::error("[{}] {} {} failed: {}", incoming.request_id, incoming.method, incoming.target, failure.what());
      return routes.error_response(500, "Internal server error.", style);
    }
  };
  if (matched.runs_on == execution::inline_io) {
    co_return guarded();
  }
  if (attempt != nullptr) {
    try {
      if (auto answered = (*attempt)(incoming)) co_return std::move(*answered);
    } catch (const std::exception& failure) {
      spdlog::debug("[{}] inline attempt failed, falling back to the pool: {}", incoming.request_id, failure.what());
    }
    attempt = nullptr;  // tried: the pool runs the handler alone
  }
  if (matched.runs_on == execution::hashing) co_return co_await hashing.run(guarded);
  co_return co_await pool.run(guarded);
}

asio::awaitable<void> server::impl::serve(std::shared_ptr<connection> peer) {
  beast::flat_buffer buffer;
  const auto client_address = [&] {
    boost::system::error_code error;
    const auto remote = peer->stream.socket().remote_endpoint(error);
    return error ? std::string("unknown") : remote.address().to_string();
  }();
  for (;;) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.body_limit(config.body_limit);
    parser.header_limit(static_cast<std::uint32_t>(config.header_limit));
    peer->idle = true;
    // Stopping ends a connection between requests, unless the next request has already arrived:
    // that one is in flight, and is answered (with Connection: close).
    boost::system::error_code unavailable;
    if (stopping && buffer.size() == 0 && peer->stream.socket().available(unavailable) == 0) break;
    peer->stream.expires_after(config.read_timeout);
    auto [header_error, header_bytes] = co_await bhttp::async_read_header(peer->stream, buffer, parser, as_tuple_awaitable);
    peer->idle = false;
    const auto started = monotonic.now();
    boost::system::error_code error = header_error;
    // A request whose end cannot be known is answered without reading its body, and the
    // connection closed: whatever follows must never be read as another request.
    std::optional<response> unframed;
    if (!error) unframed = framing_error(parser.get(), routes);
    if (!error && !unframed && parser.get()[bhttp::field::expect] == "100-continue" && !parser.is_done()) {
      bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_, parser.get().version()};
      auto [continue_error, continue_bytes] = co_await bhttp::async_write(peer->stream, go_on, as_tuple_awaitable);
      error = continue_error;
    }
    if (!error && !unframed && !parser.is_done()) {
      auto [body_error, body_bytes] = co_await bhttp::async_read(peer->stream, buffer, parser, as_tuple_awaitable);
      error = body_error;
    }
    response answer;
    request incoming;
    incoming.request_id = request_id_prefix + "-" + std::to_string(++request_counter);
    std::string route = "unreadable";
    bool keep_alive = false;
    if (unframed) {
      answer = std::move(*unframed);
    } else if (error) {
      auto early = response_for_read_error(error, routes);
      if (!early) break;  // the peer left, timed out, or we are stopping: nothing to answer
      answer = std::move(*early);
    } else {
      auto converted = convert_request(parser.get(), client_address, incoming.request_id, routes);
      if (auto* rejected = std::get_if<response>(&converted)) {
        answer = std::move(*rejected);
      } else {
        incoming = std::move(std::get<request>(converted));
        auto matched = routes.route(incoming);
        route = matched.route;
        answer = co_await respond(incoming, matched);
        keep_alive = parser.get().keep_alive();
      }
    }
    if (answer.events && !stopping) {
      co_await stream_events(*peer, std::move(answer), parser.get().version(), incoming.request_id);
      counters.record_request(incoming.method, route, 200, monotonic.now() - started);
      break;
    }
    keep_alive = keep_alive && !stopping;
    auto message = convert_response(std::move(answer), parser.get().version(), keep_alive, incoming.request_id);
    const auto status = message.result_int();
    // The deadline set before the read covers the answer too: re-arming the timer for every
    // write costs a wake-up of the reactor per request, measurable at tens of thousands a second.
    auto [write_error, written] = co_await bhttp::async_write(peer->stream, message, as_tuple_awaitable);
    const auto elapsed = monotonic.now() - started;
    counters.record_request(incoming.method.empty() ? "-" : incoming.method, route, status, elapsed);
    spdlog::debug("[{}] {} {} {} {} {:.3f}ms", incoming.request_id, client_address, incoming.method, incoming.target,
                  status, std::chrono::duration<double, std::milli>(elapsed).count());
    if (write_error || !keep_alive) break;
  }
  boost::system::error_code ignored;
  peer->stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  peer->stream.close();
}

asio::awaitable<void> server::impl::stream_events(connection& peer, response answer, unsigned version,
                                                  const std::string& request_id) {
  auto source = std::move(answer.events);
  bhttp::response<bhttp::empty_body> header{bhttp::status::ok, version};
  header.set(bhttp::field::content_type, "text/event-stream; charset=utf-8");
  header.set(bhttp::field::cache_control, "no-store");
  header.set("X-Request-Id", request_id);
  header.set("X-Accel-Buffering", "no");  // a proxy in front must not hold events back
  header.keep_alive(false);               // the body ends when the connection does
  bhttp::response_serializer<bhttp::empty_body> serializer{header};
  peer.stream.expires_after(config.write_timeout);
  auto [header_error, header_bytes] = co_await bhttp::async_write_header(peer.stream, serializer, as_tuple_awaitable);
  if (header_error) co_return;
  // Wake the writer when an event is queued: from the publisher's thread onto this strand. The
  // publisher may still deliver after the stream ended, so it touches only a copy of the strand;
  // the connection is only reached on the strand, while `alive` says the stream still runs.
  auto alive = std::make_shared<bool>(true);
  source->on_ready([weak = std::weak_ptr<bool>(alive), strand = peer.stream.get_executor(), &peer] {
    asio::post(strand, [weak, &peer] {
      if (weak.lock()) peer.wake.cancel();
    });
  });
  peer.streaming = true;
  std::string text = "retry: 3000\n" + answer.body;
  // The end check's moment on the monotonic clock, which the timer runs on.
  using steady_time = monotonic_clock::time_point;
  auto check_due = [this, &answer] {
    const auto wall_now = clock.now();
    const auto steady_now = monotonic.now();
    if (answer.end_check_at == time_point::max()) return steady_time::max();
    if (answer.end_check_at <= wall_now) return steady_now;
    return steady_now + std::chrono::duration_cast<steady_time::duration>(answer.end_check_at - wall_now);
  }();
  bool ending = false;
  while (!stopping) {
    text += source->take_text();
    if (!text.empty()) {
      peer.stream.expires_after(config.write_timeout);
      auto [write_error, written] = co_await asio::async_write(peer.stream, asio::buffer(text), as_tuple_awaitable);
      if (write_error || ending) break;
      text.clear();
      continue;  // events may have come while writing
    }
    // Events queued from now on post a cancel that runs after this wait has begun.
    const auto now = monotonic.now();
    const bool check_first = check_due < now + events_keep_alive;
    peer.wake.expires_at(check_first ? std::max(check_due, now) : now + events_keep_alive);
    auto [cancelled] = co_await peer.wake.async_wait(as_tuple_awaitable);
    if (cancelled) continue;  // woken by an event, or by stopping
    if (check_first) check_due = steady_time::max();  // from now on, at keep-alives
    if (answer.end_check) {
      auto last = co_await pool.run([&answer]() -> std::optional<std::string> {
        try {
          return answer.end_check();
        } catch (const std::exception& failure) {
          // A backend that cannot answer now cannot say the stream must end: check again later.
          spdlog::warn("an events stream's check failed: {}", failure.what());
          return std::nullopt;
        }
      });
      if (last) {
        text = std::move(*last);
        ending = true;
        continue;
      }
    }
    // A comment keeps proxies and the client's watchdog from closing a quiet stream.
    if (!check_first) text = ": keep-alive\n\n";
  }
  peer.streaming = false;
  source.reset();
  alive.reset();
}

server::server(asio::io_context& io, server_config config, const router& routes, metrics& metrics, blocking_pool& pool,
               blocking_pool& hashing, const wall_clock& clock, const monotonic_clock& monotonic)
    : impl_(std::make_shared<impl>(io, std::move(config), routes, metrics, pool, hashing, clock, monotonic)) {}

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
