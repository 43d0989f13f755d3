// The Beast side of http_client.hpp: connect, write and read with a 10 s timeout on each.
#include "http_client.hpp"

#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <stdexcept>
#include <strings.h>

namespace pricewatch::e2e {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

constexpr std::chrono::seconds io_timeout{10};

bool same_name(std::string_view left, std::string_view right) {
  return left.size() == right.size() && strncasecmp(left.data(), right.data(), left.size()) == 0;
}

bool has_header(const header_list& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (same_name(key, name)) return true;
  }
  return false;
}

}  // namespace

std::optional<std::string> http_response::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (same_name(key, name)) return value;
  }
  return std::nullopt;
}

boost::json::value http_response::json() const { return parse_json(body); }

struct http_client::connection {
  asio::io_context context;
  beast::tcp_stream stream{context};
  beast::flat_buffer buffer;
};

http_client::http_client(unsigned short port) : port_(port) {}
http_client::~http_client() = default;
http_client::http_client(http_client&& other) noexcept = default;
http_client& http_client::operator=(http_client&& other) noexcept = default;

std::string http_client::base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

http_response http_client::request(std::string_view method, std::string_view target, std::string_view body,
                                   const header_list& headers) {
  const std::string what = std::string(method) + " " + std::string(target);
  try {
    if (!connection_) {
      connection_ = std::make_unique<connection>();
      connection_->stream.expires_after(io_timeout);
      connection_->stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
      ++connections_opened_;
    }
    http::request<http::string_body> message;
    message.method_string(method);
    message.target(target);
    message.version(11);
    if (!has_header(headers, "Host")) message.set(http::field::host, "127.0.0.1:" + std::to_string(port_));
    if (!body.empty() && !has_header(headers, "Content-Type")) {
      message.set(http::field::content_type, "application/json");
    }
    for (const auto& [name, value] : headers) message.insert(name, value);
    message.body() = std::string(body);
    message.prepare_payload();

    connection_->stream.expires_after(io_timeout);
    http::write(connection_->stream, message);

    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    if (method == "HEAD") parser.skip(true);
    connection_->stream.expires_after(io_timeout);
    http::read(connection_->stream, connection_->buffer, parser);

    http_response response;
    const auto& answer = parser.get();
    response.status = answer.result_int();
    for (const auto& field : answer) {
      response.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    response.body = answer.body();
    if (!answer.keep_alive()) connection_.reset();
    return response;
  } catch (const boost::system::system_error& error) {
    connection_.reset();
    throw std::runtime_error(what + ": " + error.code().message());
  }
}

}  // namespace pricewatch::e2e
