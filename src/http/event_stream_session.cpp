#include "http/event_source.hpp"
#include "http/request_conversion.hpp"
#include "http/server_state.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http.hpp>
#include <spdlog/spdlog.h>

namespace pricewatch::http {

namespace bhttp = boost::beast::http;

namespace {

// A comment at least this often keeps proxies and the client's watchdog from closing a quiet stream.
constexpr auto events_keep_alive = std::chrono::seconds(15);

}  // namespace

asio::awaitable<void> server::impl::stream_events(connection& peer, response& answer, unsigned version,
                                                  const std::string& request_id) {
  auto source = std::move(answer.events);
  bhttp::response<bhttp::empty_body> header{bhttp::status::ok, version};
  header.set(bhttp::field::content_type, "text/event-stream; charset=utf-8");
  header.set(bhttp::field::cache_control, "no-store");
  header.set("X-Request-Id", request_id);
  header.set("X-Accel-Buffering", "no");  // a proxy in front must not hold events back
  header.keep_alive(false);               // the body ends when the connection does
  add_security_headers(header.base());
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

}  // namespace pricewatch::http
