// The Beast and OpenSSL side of tls_client.hpp. Every step is asynchronous under beast's
// tcp_stream deadline and run to completion on the connection's own io_context, so that nothing
// waits forever on a server that stopped answering.
#include "tls_client.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <stdexcept>
#include <strings.h>

namespace pricewatch::e2e {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

constexpr std::chrono::seconds io_timeout{10};

bool has_header(const header_list& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (key.size() == name.size() && strncasecmp(key.data(), name.data(), key.size()) == 0) return true;
  }
  return false;
}

asio::ssl::context trusting(const std::filesystem::path& certificate) {
  asio::ssl::context context(asio::ssl::context::tls_client);
  context.load_verify_file(certificate.string());
  context.set_verify_mode(asio::ssl::verify_peer);
  return context;
}

}  // namespace

struct tls_client::connection {
  explicit connection(const std::filesystem::path& trusted) : tls(trusting(trusted)), stream(io, tls) {}
  asio::io_context io;
  asio::ssl::context tls;
  beast::ssl_stream<beast::tcp_stream> stream;
  beast::flat_buffer buffer;

  // Runs one asynchronous step to its end. Its error (the deadline's is beast::error::timeout) is
  // returned, not thrown, for the callers that expect one.
  template <class Initiate>
  boost::system::error_code run(std::chrono::steady_clock::duration deadline, Initiate initiate) {
    boost::system::error_code result = asio::error::would_block;
    beast::get_lowest_layer(stream).expires_after(deadline);
    initiate([&result](boost::system::error_code error, auto&&...) { result = error; });
    io.restart();
    io.run();
    return result;
  }

  template <class Initiate>
  void must_run(std::string_view what, Initiate initiate) {
    if (const auto error = run(io_timeout, initiate)) throw boost::system::system_error(error, std::string(what));
  }
};

struct tls_stream::state {
  std::unique_ptr<tls_client::connection> link;
  http::response_parser<http::string_body> parser;
};

tls_stream::tls_stream(std::unique_ptr<state> opened) : state_(std::move(opened)) {}
tls_stream::~tls_stream() = default;

unsigned tls_stream::status() const { return state_->parser.get().result_int(); }

std::optional<std::string> tls_stream::header(std::string_view name) const {
  const auto& fields = state_->parser.get();
  const auto found = fields.find(beast::string_view(name.data(), name.size()));
  if (found == fields.end()) return std::nullopt;
  return std::string(found->value());
}

const std::string& tls_stream::body() const { return state_->parser.get().body(); }

bool tls_stream::ended() const { return state_->parser.is_done(); }

bool tls_stream::read_until(std::string_view text, std::chrono::milliseconds deadline) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  auto& link = *state_->link;
  while (body().find(text) == std::string::npos) {
    if (ended()) throw std::runtime_error("the stream ended without \"" + std::string(text) + "\": " + body());
    const auto left = until - std::chrono::steady_clock::now();
    if (left <= std::chrono::steady_clock::duration::zero()) return false;
    const auto error = link.run(left, [&](auto handler) {
      http::async_read_some(link.stream, link.buffer, state_->parser, std::move(handler));
    });
    if (error == beast::error::timeout) return false;
    if (error) throw std::runtime_error("reading the stream: " + error.message());
  }
  return true;
}

tls_client::tls_client(unsigned short port, std::string server_name, std::filesystem::path trusted_certificate)
    : port_(port), server_name_(std::move(server_name)), trusted_certificate_(std::move(trusted_certificate)) {}
tls_client::~tls_client() = default;
tls_client::tls_client(tls_client&&) noexcept = default;
tls_client& tls_client::operator=(tls_client&&) noexcept = default;

std::string tls_client::base_url() const { return "https://" + server_name_ + ":" + std::to_string(port_); }

std::unique_ptr<tls_client::connection> tls_client::connect() const {
  auto opened = std::make_unique<connection>(trusted_certificate_);
  auto& stream = opened->stream;
  // The name the certificate must carry, and the one nginx chooses its server by (SNI).
  stream.set_verify_callback(asio::ssl::host_name_verification(server_name_));
  // SSL_set_tlsext_host_name is this call behind a macro with a C cast.
  if (SSL_ctrl(stream.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
               const_cast<char*>(server_name_.c_str())) != 1) {
    throw std::runtime_error("cannot set the TLS server name " + server_name_);
  }
  const asio::ip::tcp::endpoint nginx(asio::ip::make_address("127.0.0.1"), port_);
  opened->must_run("connect", [&](auto handler) { beast::get_lowest_layer(stream).async_connect(nginx, std::move(handler)); });
  opened->must_run("TLS handshake", [&](auto handler) {
    stream.async_handshake(asio::ssl::stream_base::client, std::move(handler));
  });
  return opened;
}

namespace {

http::request<http::string_body> build_request(std::string_view method, std::string_view target,
                                               std::string_view body, const header_list& headers,
                                               const std::string& host) {
  http::request<http::string_body> message;
  message.method_string(method);
  message.target(target);
  message.version(11);
  if (!has_header(headers, "Host")) message.set(http::field::host, host);
  if (!body.empty() && !has_header(headers, "Content-Type")) message.set(http::field::content_type, "application/json");
  for (const auto& [name, value] : headers) message.insert(name, value);
  message.body() = std::string(body);
  message.prepare_payload();
  return message;
}

}  // namespace

http_response tls_client::request(std::string_view method, std::string_view target, std::string_view body,
                                  const header_list& headers) {
  const std::string what = std::string(method) + " " + std::string(target);
  try {
    if (!connection_) connection_ = connect();
    auto& link = *connection_;
    auto message = build_request(method, target, body, headers, server_name_ + ":" + std::to_string(port_));
    link.must_run("write", [&](auto handler) { http::async_write(link.stream, message, std::move(handler)); });
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    if (method == "HEAD") parser.skip(true);
    link.must_run("read", [&](auto handler) { http::async_read(link.stream, link.buffer, parser, std::move(handler)); });
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
    throw std::runtime_error(what + ": " + error.what());
  }
}

std::unique_ptr<tls_stream> tls_client::open_stream(std::string_view target, const header_list& headers) {
  try {
    auto opened = std::make_unique<tls_stream::state>();
    opened->link = connect();
    auto& link = *opened->link;
    auto message = build_request("GET", target, {}, headers, server_name_ + ":" + std::to_string(port_));
    link.must_run("write", [&](auto handler) { http::async_write(link.stream, message, std::move(handler)); });
    opened->parser.body_limit(boost::none);
    link.must_run("read the header",
                  [&](auto handler) { http::async_read_header(link.stream, link.buffer, opened->parser, std::move(handler)); });
    return std::unique_ptr<tls_stream>(new tls_stream(std::move(opened)));
  } catch (const boost::system::system_error& error) {
    throw std::runtime_error("GET " + std::string(target) + " (stream): " + error.what());
  }
}

}  // namespace pricewatch::e2e
