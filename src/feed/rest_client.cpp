#include "feed/rest_client.hpp"

#include "feed/server_name.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

namespace pricewatch {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace {

constexpr auto deadline = std::chrono::seconds(10);
constexpr std::size_t max_body = 8 * 1024 * 1024;  // a ticker of every symbol is ~100 KiB

void throw_if(const boost::system::error_code& error) {
  if (error) throw boost::system::system_error(error);
}

template <class Stream>
asio::awaitable<http_reply> exchange(Stream& stream, beast::tcp_stream& lowest, const std::string& host,
                                     const std::string& target) {
  http::request<http::empty_body> request{http::verb::get, target, 11};
  request.set(http::field::host, host);
  request.set(http::field::user_agent, "pricewatch");
  request.set(http::field::accept, "application/json");
  lowest.expires_after(deadline);
  auto [write_error, written] = co_await http::async_write(stream, request, asio::as_tuple(asio::use_awaitable));
  throw_if(write_error);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(max_body);
  auto [read_error, read] = co_await http::async_read(stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
  throw_if(read_error);
  http_reply reply;
  reply.status = parser.get().result_int();
  reply.body = std::move(parser.get().body());
  if (const auto retry = parser.get()[http::field::retry_after]; !retry.empty()) {
    try {
      reply.retry_after = std::chrono::seconds(std::stol(std::string(retry)));
    } catch (const std::exception&) {
      reply.retry_after = std::chrono::seconds(60);
    }
  }
  co_return reply;
}

}  // namespace

std::shared_ptr<asio::ssl::context> shared_tls_client_context() {
  // A function-local static: made once, thread-safely; an initialisation that throws is tried
  // again by the next call.
  static const auto shared = [] {
    auto made = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_client);
    made->set_default_verify_paths();
    made->set_verify_mode(asio::ssl::verify_peer);
    return made;
  }();
  return shared;
}

rest_client::rest_client(asio::any_io_executor executor, endpoint where, asio::ssl::context& tls)
    : executor_(std::move(executor)), where_(std::move(where)), tls_(tls) {}

asio::awaitable<http_reply> rest_client::get(const std::string& target) {
  asio::ip::tcp::resolver resolver(executor_);
  auto [resolve_error, addresses] =
      co_await resolver.async_resolve(where_.host, where_.port, asio::as_tuple(asio::use_awaitable));
  throw_if(resolve_error);
  const auto full_target = where_.base_path + target;
  if (!where_.tls) {
    beast::tcp_stream stream(executor_);
    stream.expires_after(deadline);
    auto [connect_error, connected] = co_await stream.async_connect(addresses, asio::as_tuple(asio::use_awaitable));
    throw_if(connect_error);
    co_return co_await exchange(stream, stream, where_.host, full_target);
  }
  beast::ssl_stream<beast::tcp_stream> stream(executor_, tls_);
  if (!set_server_name(stream.native_handle(), where_.host)) {
    throw boost::system::system_error(static_cast<int>(::ERR_get_error()), asio::error::get_ssl_category());
  }
  stream.set_verify_callback(asio::ssl::host_name_verification(where_.host));
  auto& lowest = beast::get_lowest_layer(stream);
  lowest.expires_after(deadline);
  auto [connect_error, connected] = co_await lowest.async_connect(addresses, asio::as_tuple(asio::use_awaitable));
  throw_if(connect_error);
  auto [handshake_error] = co_await stream.async_handshake(asio::ssl::stream_base::client, asio::as_tuple(asio::use_awaitable));
  throw_if(handshake_error);
  co_return co_await exchange(stream, lowest, where_.host, full_target);
}

}  // namespace pricewatch
