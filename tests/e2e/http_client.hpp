// A small synchronous HTTP/1.1 client for the end-to-end tests, on Boost.Beast (http_client.cpp
// is the only translation unit that includes Beast: it is slow to compile). Keeps connections alive.
#pragma once

#include "json_checks.hpp"

#include <boost/json/value.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pricewatch::e2e {

using header_list = std::vector<std::pair<std::string, std::string>>;

using test_support::parse_json;

struct http_response {
  unsigned status = 0;
  header_list headers;
  std::string body;

  // The first header of that name, compared case-insensitively.
  std::optional<std::string> header(std::string_view name) const;
  // The body as JSON (see parse_json).
  boost::json::value json() const;
};

// One client, one connection at a time, for one thread.
class http_client {
 public:
  explicit http_client(unsigned short port);
  ~http_client();
  http_client(http_client&& other) noexcept;
  http_client& operator=(http_client&& other) noexcept;

  // Sends one request on the open connection, opening one first when there is none or the last
  // response did not keep it alive. Host is 127.0.0.1:<port> unless the headers give one; a
  // non-empty body is sent as application/json unless they give a Content-Type. Every connect,
  // write and read times out after 10 s. Throws std::runtime_error on an I/O error or timeout.
  http_response request(std::string_view method, std::string_view target, std::string_view body = {},
                        const header_list& headers = {});

  http_response get(std::string_view target, const header_list& headers = {}) {
    return request("GET", target, {}, headers);
  }
  http_response post(std::string_view target, std::string_view body, const header_list& headers = {}) {
    return request("POST", target, body, headers);
  }
  http_response remove(std::string_view target, const header_list& headers = {}) {
    return request("DELETE", target, {}, headers);
  }

  // How many TCP connections this client has opened so far.
  int connections_opened() const { return connections_opened_; }
  // "http://127.0.0.1:<port>", the start of the absolute links the server builds.
  std::string base_url() const;

 private:
  struct connection;  // Beast's types stay in http_client.cpp
  unsigned short port_;
  std::unique_ptr<connection> connection_;
  int connections_opened_ = 0;
};

}  // namespace pricewatch::e2e
