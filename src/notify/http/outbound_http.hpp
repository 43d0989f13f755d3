// POST requests to the services channels deliver to (webhooks, Telegram, Discord, Slack, ntfy),
// with libcurl on the delivery worker's thread, as SMTP is sent: each request under a 10 s
// deadline, at most 64 KiB of the answer read, redirects never followed, no proxy from the
// environment, and every address connected to checked first: a loopback, private, link-local,
// multicast or unspecified one is refused unless allowed (DESIGN.md section 10). The check is on
// the socket's own address, after resolution, so a DNS answer that changes cannot slip past it.
// Several requests go out at once through libcurl's multi interface (post_all), at most
// policy.in_flight, each under the same rules. One poster per worker thread; it keeps its
// connections between requests.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace pricewatch {

class stall_watch;

struct outbound_policy {
  bool allow_private_networks = false;
  std::chrono::milliseconds timeout{10'000};
  std::size_t max_response_bytes = 64 * 1024;
  stall_watch* stalls = nullptr;  // polled while a request waits (notify/stall_watch.hpp); may be none
  std::size_t in_flight = 8;      // requests post_all has going at once (delivery.in_flight)
};

using header_fields = std::vector<std::pair<std::string, std::string>>;

struct outbound_reply {
  long status = 0;
  header_fields headers;  // names lower-cased
  std::string body;       // at most max_response_bytes of it

  // The value of the first header named name (lower case), or nullopt.
  std::optional<std::string> header(std::string_view name) const;
};

// Why no HTTP answer came: the reason, and whether another attempt may help (a refused
// destination never will; a timeout or a refused connection may).
struct outbound_error {
  std::string reason;
  bool permanent = false;
};

// A POST to make: body to url (http:// or https://) with the headers given.
struct outbound_request {
  std::string url;
  header_fields headers;
  std::string body;
};

// The answer, or why none came.
using outbound_answer = std::pair<std::optional<outbound_reply>, std::optional<outbound_error>>;

class outbound_http {
 public:
  // Throws std::runtime_error when libcurl cannot make a handle.
  explicit outbound_http(outbound_policy policy);
  ~outbound_http();
  outbound_http(const outbound_http&) = delete;
  outbound_http& operator=(const outbound_http&) = delete;

  // POSTs body to url (http:// or https://) with the headers given. Never throws.
  outbound_answer post(const std::string& url, const header_fields& headers, const std::string& body);

  // Makes every request, policy.in_flight at a time (the next starts as one ends); the answers in
  // their order. Never throws.
  std::vector<outbound_answer> post_all(std::span<const outbound_request> requests);

  std::size_t in_flight() const { return policy_.in_flight; }

 private:
  struct transfer;  // one easy handle and what its callbacks fill in

  outbound_policy policy_;
  void* multi_;  // CURLM*, kept opaque so that this header does not pull in curl.h
  std::vector<std::unique_ptr<transfer>> transfers_;  // policy.in_flight of them, reused
};

}  // namespace pricewatch
