// An HTTPS client for the end-to-end tests that go through nginx: Boost.Beast over Asio's
// OpenSSL stream (tls_client.cpp is the only translation unit that includes them). It verifies
// the server's certificate against one trusted certificate and the host name, as a browser would,
// and reads a Server-Sent Events stream as its bytes arrive.
#pragma once

#include "http_client.hpp"

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace pricewatch::e2e {

class tls_client;

// A response whose body is still arriving: the headers, then the body read as it comes.
class tls_stream {
 public:
  ~tls_stream();
  tls_stream(const tls_stream&) = delete;
  tls_stream& operator=(const tls_stream&) = delete;

  unsigned status() const;
  std::optional<std::string> header(std::string_view name) const;

  // Reads until the body so far holds text, or the deadline passes: whether it does. Throws
  // std::runtime_error when the connection fails or closes first.
  bool read_until(std::string_view text, std::chrono::milliseconds deadline);
  const std::string& body() const;
  // Whether the body has ended (the server closed the stream).
  bool ended() const;

 private:
  friend class tls_client;
  struct state;
  explicit tls_stream(std::unique_ptr<state> opened);
  std::unique_ptr<state> state_;
};

// One client, one connection at a time (kept alive), for one thread.
class tls_client {
 public:
  // Connects to 127.0.0.1:port, names the server server_name (SNI, the Host header, and the name
  // its certificate must carry), and trusts the certificate in trusted_certificate alone.
  tls_client(unsigned short port, std::string server_name, std::filesystem::path trusted_certificate);
  ~tls_client();
  tls_client(tls_client&&) noexcept;
  tls_client& operator=(tls_client&&) noexcept;

  // As http_client::request: Host is "<server_name>:<port>" unless the headers give one, a
  // non-empty body is JSON unless they say otherwise, each step times out after 10 s. Throws
  // std::runtime_error on an I/O or TLS error, a refused certificate among them.
  http_response request(std::string_view method, std::string_view target, std::string_view body = {},
                        const header_list& headers = {});
  http_response get(std::string_view target, const header_list& headers = {}) {
    return request("GET", target, {}, headers);
  }
  http_response post(std::string_view target, std::string_view body, const header_list& headers = {}) {
    return request("POST", target, body, headers);
  }

  // Sends a GET on a connection of its own and returns once the response's headers are in.
  std::unique_ptr<tls_stream> open_stream(std::string_view target, const header_list& headers = {});

  // "https://<server_name>:<port>", the start of the links the service should write.
  std::string base_url() const;

 private:
  friend class tls_stream;
  struct connection;
  std::unique_ptr<connection> connect() const;
  unsigned short port_;
  std::string server_name_;
  std::filesystem::path trusted_certificate_;
  std::unique_ptr<connection> connection_;
};

}  // namespace pricewatch::e2e
