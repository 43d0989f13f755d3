// The ceiling for bench/http_bench.sh: a bare Beast HTTP/1.1 keep-alive server that answers every
// request with a fixed JSON page shaped and sized like a pricewatch page of 10 alerts.
// Usage: bench_bare_server PORT [THREADS=2] [BODY_BYTES]; listens on 127.0.0.1 only.

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <cstddef>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

// Same shape as GET /api/alerts/ with 10 of 25 alerts (ORIGINAL_API.md), so the bytes on the wire
// match what pricewatch sends; padded with JSON whitespace to body_bytes when that is larger.
std::string make_page(unsigned short port, std::size_t body_bytes) {
  const std::string origin = "http://127.0.0.1:" + std::to_string(port);
  std::string page = R"({"count":25,"next":")" + origin + R"(/api/alerts/?page=2","previous":null,"page_size":10,"results":[)";
  for (int id = 25; id > 15; --id) {
    page += R"({"id":)" + std::to_string(id) + R"(,"email":"bench@example.com","price":"51000.00","status":"created"})";
    page += id > 16 ? "," : "";
  }
  page += "]";
  if (body_bytes > page.size() + 1) {
    page.append(body_bytes - page.size() - 1, ' ');
  }
  return page + "}";
}

// Like pricewatch's session: read with a timeout, answer, keep the connection alive.
asio::awaitable<void> serve_session(beast::tcp_stream stream, const std::string& page) {
  beast::flat_buffer buffer;
  for (;;) {
    http::request<http::string_body> request;
    stream.expires_after(std::chrono::seconds(30));
    auto [read_error, read_bytes] = co_await http::async_read(stream, buffer, request, asio::as_tuple(asio::use_awaitable));
    if (read_error) {
      break;
    }
    http::response<http::string_body> response{http::status::ok, request.version()};
    response.set(http::field::content_type, "application/json");
    response.keep_alive(request.keep_alive());
    response.body() = page;
    response.prepare_payload();
    auto [write_error, written_bytes] = co_await http::async_write(stream, response, asio::as_tuple(asio::use_awaitable));
    if (write_error || !response.keep_alive()) {
      break;
    }
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

// Each connection gets its own strand, so the stream's timer never races its reads and writes.
asio::awaitable<void> accept_connections(tcp::acceptor acceptor, const std::string& page) {
  for (;;) {
    auto [error, socket] = co_await acceptor.async_accept(asio::make_strand(acceptor.get_executor()),
                                                          asio::as_tuple(asio::use_awaitable));
    if (error) {
      continue;
    }
    auto executor = socket.get_executor();
    asio::co_spawn(executor, serve_session(beast::tcp_stream(std::move(socket)), page), asio::detached);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: bench_bare_server PORT [THREADS=2] [BODY_BYTES]\n";
    return 2;
  }
  try {
    const auto port = static_cast<unsigned short>(std::stoul(argv[1]));
    const int threads = argc > 2 ? std::stoi(argv[2]) : 2;
    const std::size_t body_bytes = argc > 3 ? std::stoul(argv[3]) : 0;
    const std::string page = make_page(port, body_bytes);

    asio::io_context context(threads);
    tcp::acceptor acceptor(context, tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    asio::co_spawn(context, accept_connections(std::move(acceptor), page), asio::detached);
    asio::signal_set signals(context, SIGINT, SIGTERM);
    signals.async_wait([&context](const beast::error_code&, int) { context.stop(); });

    std::vector<std::jthread> workers;
    for (int index = 1; index < threads; ++index) {
      workers.emplace_back([&context] { context.run(); });
    }
    context.run();
  } catch (const std::exception& error) {
    std::cerr << "bench_bare_server: " << error.what() << '\n';
    return 1;
  }
  return 0;
}
