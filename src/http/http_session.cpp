#include "core/backend_error.hpp"
#include "http/metrics.hpp"
#include "http/request_conversion.hpp"
#include "http/server_state.hpp"

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <spdlog/spdlog.h>

// g++ 12 reports a coroutine frame's own operator delete as mismatched once respond() awaits
// run_until (GCC bug 109224, a false positive of -Wmismatched-new-delete with coroutines).
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

namespace pricewatch::http {

namespace bhttp = boost::beast::http;

asio::awaitable<response> server::impl::respond(request& incoming, router::match& matched) {
  if (matched.handle == nullptr) {
    co_return std::move(matched.fallback);
  }
  const auto style = matched.errors;
  const handler* handle = matched.handle;
  const inline_attempt* attempt = matched.try_inline;
  // The one place infrastructure exceptions of a request end (STYLE.md point 5). The handler and
  // the router live as long as the server, whose pools are joined before it goes.
  auto guarded = [this, handle, style](request& served, const inline_attempt* first) -> response {
    try {
      if (first != nullptr) {
        if (auto answered = (*first)(served)) return std::move(*answered);
      }
      return (*handle)(served);
    } catch (const storage_full_error& failure) {
      // Nothing of the change was stored: say so plainly, and never 2xx.
      spdlog::error("[{}] {} {} not stored: {}", served.request_id, served.method, served.target, failure.what());
      return routes.error_response(507, "The database's disk is full: nothing was stored. Try again later.", style);
    } catch (const backend_error& failure) {
      spdlog::error("[{}] {} unavailable: {}", served.request_id, failure.backend(), failure.what());
      return routes.error_response(503, "A backend is unavailable. Try again shortly.", style);
    } catch (const std::exception& failure) {
      spdlog::error("[{}] {} {} failed: {}", served.request_id, served.method, served.target, failure.what());
      return routes.error_response(500, "Internal server error.", style);
    }
  };
  if (matched.runs_on == execution::inline_io) {
    co_return guarded(incoming, attempt);
  }
  if (attempt != nullptr) {
    try {
      if (auto answered = (*attempt)(incoming)) co_return std::move(*answered);
    } catch (const std::exception& failure) {
      spdlog::debug("[{}] inline attempt failed, falling back to the pool: {}", incoming.request_id, failure.what());
    }
  }
  // A pool's work owns a copy of the request: when a backend stops answering (a database paused,
  // a network that drops packets), the request is answered 503 after handler_timeout and its
  // connection goes on, while the work finishes whenever the backend lets it.
  auto work = [guarded, owned = std::make_shared<request>(incoming)] { return guarded(*owned, nullptr); };
  auto& runner = matched.runs_on == execution::hashing ? hashing : pool;
  const auto deadline = matched.deadline.count() > 0 ? matched.deadline : config.handler_timeout;
  auto answered = co_await runner.run_until(std::move(work), deadline);
  if (answered) co_return std::move(*answered);
  spdlog::error("[{}] {} {} not answered by its backend within {} s", incoming.request_id, incoming.method,
                incoming.target, deadline.count());
  co_return routes.error_response(503, "A backend is not answering. Try again shortly; a change may still be applied.",
                                  style);
}

asio::awaitable<void> server::impl::serve(std::shared_ptr<connection> peer) {
  // Bounded: Beast keeps a chunk's header line (its extensions) in this buffer until the line
  // ends and counts it against no limit, so an unbounded buffer let one chunk extension of 64 MiB
  // cost 110 MiB. The headers' limit plus one read (Beast reads 64 KiB at most) fits every
  // well-formed request; past it the read fails as malformed (400).
  beast::flat_buffer buffer(config.header_limit + 64 * 1024);
  const auto peer_address = [&]() -> std::optional<asio::ip::address> {
    boost::system::error_code error;
    const auto remote = peer->stream.socket().remote_endpoint(error);
    if (error) return std::nullopt;
    return unmapped(remote.address());
  }();
  const std::string peer_text = peer_address ? peer_address->to_string() : "unknown";
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
      auto converted = convert_request(parser.get(), peer_address, config.origin, incoming.request_id, routes);
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
      co_await stream_events(*peer, answer, parser.get().version(), incoming.request_id);
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
    // The client as the limits see it, and the proxy it came through when that differs.
    const auto& client = incoming.client_address.empty() ? peer_text : incoming.client_address;
    spdlog::debug("[{}] {}{}{} {} {} {} {:.3f}ms", incoming.request_id, client, client == peer_text ? "" : " via ",
                  client == peer_text ? "" : peer_text, incoming.method, incoming.target, status,
                  std::chrono::duration<double, std::milli>(elapsed).count());
    if (write_error || !keep_alive) break;
  }
  boost::system::error_code ignored;
  peer->stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  peer->stream.close();
}

}  // namespace pricewatch::http
