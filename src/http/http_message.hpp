// The request and response handlers see: plain structs with no Beast types, so that handlers
// compile fast and are tested without sockets (STYLE.md: handle_request is pure).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pricewatch::http {

class event_source;

struct request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path and query as sent
  std::string path;    // decoded path, without the query
  std::string query;   // raw query, without "?"
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
  std::string body;
  // The client's IP address: the TCP peer's or, behind a trusted proxy, the one it forwarded
  // (http/request_origin.hpp).
  std::string client_address;
  std::string request_id;
  std::vector<std::string> path_parameters;  // filled by the router, in pattern order
  // How the client reached the service (http/request_origin.hpp): the scheme ("http" or "https")
  // and host[:port] it used ("" when the host is unfit for a URL), and where absolute links back
  // to the service begin (http.public_url, else scheme://host), with no trailing "/".
  std::string scheme{"http"};
  std::string host{};
  std::string base_url{};

  // The first header of that lower-case name, or "" when absent.
  std::string_view header(std::string_view lower_case_name) const;
};

struct response {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // Set for Server-Sent Events: the server writes the headers and body, then every event of this
  // source as it comes, until the client leaves or the server stops.
  std::shared_ptr<event_source> events;
  // For a stream that must not outlive what allowed it (a token, an account): the server runs
  // this on the blocking pool at every keep-alive and as soon as end_check_at has passed. Text it
  // returns is the stream's last event, written before the connection closes; nullopt goes on.
  std::function<std::optional<std::string>()> end_check;
  std::chrono::system_clock::time_point end_check_at = std::chrono::system_clock::time_point::max();

  response& with_header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

}  // namespace pricewatch::http
