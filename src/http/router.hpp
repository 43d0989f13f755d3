// The route table: method + path pattern -> handler. Answers 404 for an unknown path and 405 with
// Allow for a known path with the wrong method. Built once at startup, then read-only and shared.
#pragma once

#include "http/http_message.hpp"

#include <boost/container/small_vector.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pricewatch::http {

using handler = std::function<response(request&)>;

// A first try on the I/O thread for a route that usually blocks: it answers when it can without
// blocking (a cached page), or returns nullopt and the handler runs on the blocking pool.
using inline_attempt = std::function<std::optional<response>(request&)>;

// Where a handler may run: on the I/O thread when it never blocks, on the blocking pool (the
// database's threads) when it blocks, or on the hashing pool when it is mostly Argon2id (register,
// log in), so that a burst of logins never holds the threads the database work needs.
enum class execution { inline_io, blocking, hashing };

enum class trailing_slash { exact, optional };

// The shape of error bodies: the original service's routes keep theirs (ORIGINAL_API.md): its
// REST framework's ({"detail": ...}), and for register and log in, plain Django views there,
// theirs ({"error": ...}; a wrong method is {"error": "Invalid method"}).
enum class error_style { v1, original, original_view };

struct route_options {
  execution runs_on = execution::blocking;
  trailing_slash slash = trailing_slash::exact;
  error_style errors = error_style::v1;
  inline_attempt try_inline = {};  // only for blocking routes
  // How long its pool work may take before the request is answered 503 (server_config's
  // handler_timeout when zero): longer for a route that waits on an outside service with a
  // bounded timeout of its own (a channel's test send).
  std::chrono::seconds deadline{0};
};

// Options of a route that never blocks, answered on the I/O thread.
inline route_options inline_route() {
  route_options options;
  options.runs_on = execution::inline_io;
  return options;
}

// Options of a route that hashes a password, run on the hashing pool.
inline route_options hashing_route(route_options options = {}) {
  options.runs_on = execution::hashing;
  return options;
}

using fallback_maker = std::function<response(unsigned status, std::string_view message, error_style style)>;

class router {
 public:
  // pattern: "/api/v1/alerts/{id}" where {id} matches digits only, {name} any one segment.
  void add(std::string method, std::string pattern, handler handle, route_options options = {});

  struct match {
    const handler* handle = nullptr;  // null: answer with fallback
    const inline_attempt* try_inline = nullptr;
    execution runs_on = execution::inline_io;
    error_style errors = error_style::v1;
    std::chrono::seconds deadline{0};  // route_options::deadline
    std::string route;                // the pattern, for logs and metrics; "unmatched" when none
    response fallback;                // the 404 or 405 when nothing matched
  };

  // Fills request.path_parameters when a route matches.
  match route(request& request) const;

  struct route_description {
    std::string method;
    std::string pattern;
  };
  std::vector<route_description> routes() const;

  // An error answer in the given style, for failures outside any handler (limits, 500, 503).
  response error_response(unsigned status, std::string_view message, error_style style) const {
    return make_fallback_(status, message, style);
  }

  // Builds the bodies of the router's own 404 and 405 answers.
  explicit router(fallback_maker make_fallback) : make_fallback_(std::move(make_fallback)) {}

 private:
  struct segment {
    enum class kind { literal, integer, any } type;
    std::string text;
  };
  struct entry {
    std::string method;
    std::string pattern;
    std::vector<segment> segments;
    bool trailing = false;  // the pattern ends with '/'
    handler handle;
    route_options options;
  };
  // A path's segments; on the stack for every path this service answers (a request is matched
  // against every route, so routing allocates nothing per route).
  using path_parts = boost::container::small_vector<std::string_view, 8>;

  static path_parts split_path(std::string_view path, bool& trailing);
  static bool matches(const entry& candidate, const path_parts& parts, bool trailing);

  std::vector<entry> entries_;
  fallback_maker make_fallback_;
};

}  // namespace pricewatch::http
