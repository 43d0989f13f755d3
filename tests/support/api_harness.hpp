// The api role's whole route table in-process, for unit tests of what the routes answer (bodies,
// status codes, headers, messages): api::make_router on real services (accounts, alerts, tokens,
// the memory cache and login limiter, the in-process event bus) and a SQLite file in a temp
// folder, with a manual clock and a cheap password hash. A call runs the matched handler on the
// test's thread, as the server would run it on a pool: no socket, no thread, no sleep. What needs
// the server itself (framing, size limits, timeouts, streaming) stays in tests/e2e.
#pragma once

#include "core/exchange.hpp"
#include "core/clock.hpp"
#include "core/failure.hpp"
#include "feed/daily_ticker.hpp"
#include "http/http_message.hpp"
#include "json_checks.hpp"

#include <boost/json/value.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pricewatch {
class instrument_lists;
class price_board;
}
namespace pricewatch::http {
class router;
}

namespace pricewatch::test_support {

using header_list = std::vector<std::pair<std::string, std::string>>;

// The exchange GET /api/v1/prices asks for 24-hour tickers: it answers each ask at once from
// `tickers` (a symbol missing there is one it does not list), or, while `hold` is set, keeps the
// asks until release().
struct ticker_exchange {
  std::map<std::string, result<daily_ticker>> tickers;
  bool hold = false;
  std::vector<std::string> asked;  // every symbol asked, in order
  std::vector<std::pair<std::string, std::function<void(result<daily_ticker>)>>> held;

  result<daily_ticker> answer(const std::string& symbol) const;
  void ask(const std::string& symbol, std::function<void(result<daily_ticker>)> done);
  void release();  // answers the held asks with what `tickers` says now
};

// One service's worth of state for one test: each harness has its own empty database.
class api_harness {
 public:
  // Tests sign their own tokens with it (jwt_forge.hpp); 40 characters.
  static constexpr std::string_view jwt_secret = "unit-test-secret-0123456789abcdefghijklm";
  static constexpr std::string_view password = "correct horse battery";
  // The Host of every call unless its headers give one, hence of the links in lists.
  static constexpr std::string_view host = "127.0.0.1:8000";

  api_harness();
  ~api_harness();
  api_harness(const api_harness&) = delete;
  api_harness& operator=(const api_harness&) = delete;

  // What the server answers to this request: the router's own 404 or 405, else the route's inline
  // attempt when it has one and it answers (a cached list), else its handler. Header names may be
  // in any case. Host is `host` unless the headers give one; a non-empty body is sent as
  // application/json unless they give a Content-Type (as the end-to-end client does). An
  // exception from a handler is not turned into the server's 500: it fails the test.
  http::response call(std::string_view method, std::string_view target, std::string_view body = {},
                      const header_list& headers = {});
  http::response get(std::string_view target, const header_list& headers = {}) {
    return call("GET", target, {}, headers);
  }
  http::response post(std::string_view target, std::string_view body, const header_list& headers = {}) {
    return call("POST", target, body, headers);
  }
  http::response remove(std::string_view target, const header_list& headers = {}) {
    return call("DELETE", target, {}, headers);
  }

  // "http://127.0.0.1:8000", the start of the absolute links the lists give.
  static std::string base_url() { return "http://" + std::string(host); }

  struct user {
    std::string email;
    std::string token;
    std::int64_t id = 0;
  };
  // Registers through POST /api/register/ and logs in through POST /api/login/ with `password`,
  // then lists the user's alerts with the token; records a failure (and returns no token) when
  // any of them does not succeed.
  user register_and_login(std::string_view email);

  // POST /api/alerts/create/ with that JSON body; the new id, or 0 and a failure when not 201.
  std::int64_t create_alert(std::string_view token, std::string_view body);

  // The key that signs alert emails' pause links (notify/pause_link.hpp) in this harness.
  static constexpr std::string_view pause_key = "unit-test-pause-key";
  // The confirmation links "mailed" to unverified email channels, in order.
  const std::vector<std::string>& confirmation_links() const;
  // The password reset links "mailed" to accounts, in order.
  const std::vector<std::string>& reset_links() const;

  // The route table the calls run, as the api role builds it.
  const http::router& routes() const;

  // The board of an exchange watcher's last prices, which GET /api/v1/prices shows first.
  price_board& board(exchange_id exchange = exchange_id::binance);
  // The exchanges' instrument lists: none known until a test fills one.
  instrument_lists& listed();
  // What reading an exchange's list again does (alerts/instrument_check.hpp: a symbol missing from
  // a list older than an hour, or whose last read failed); nothing until a test says.
  void on_relist(std::function<void(exchange_id)> relist);
  ticker_exchange& exchange();
  // The clock that ages the exchange's kept tickers (ticker_quotes; it waits for held asks 0 ms)
  // and the instrument lists.
  manual_monotonic_clock& monotonic();

  // The clock of every service: tokens expire, login windows close and dates move only when told.
  manual_clock& clock();
  // clock() in seconds since the epoch, as tokens count time.
  std::int64_t now_seconds() const;

 private:
  struct parts;  // the services, kept out of the tests' translation units
  std::unique_ptr<parts> parts_;
};

// {"Authorization": "Bearer <token>"}.
header_list bearer(std::string_view token);

// The first header of that name, compared case-insensitively.
std::optional<std::string> header_of(const http::response& response, std::string_view name);
// The body as JSON (see parse_json).
boost::json::value json_of(const http::response& response);

// Expects {"error": {"code": code, "message": "<non-empty>"}} with that status.
void expect_v1_error(const http::response& response, unsigned status, std::string_view code);
// Expects the original routes' {"error": message} alone, with that status.
void expect_original_error(const http::response& response, unsigned status, std::string_view message);

}  // namespace pricewatch::test_support
