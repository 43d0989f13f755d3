// The api role of a process: accounts, tokens, alerts and the full route table. A process
// without it serves only /healthz, /readyz and /metrics (api::make_operations_router).
#pragma once

#include "config/config.hpp"
#include "feed/feed_settings.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/thread_pool.hpp>

#include <memory>

namespace pricewatch {

class account_lifecycle;
class account_service;
class alert_publisher;
class alert_service;
class authenticator;
class channel_service;
class channel_tester;
class database;
class event_hub;
class login_limiter;
class monotonic_clock;
class password_hasher;
class random_source;
class session_service;
class instrument_check;
class price_boards;
class response_cache;
class ticker_query;
class ticker_quotes;
class token_service;
class wall_clock;
namespace api {
struct operations;
struct services;
}  // namespace api
namespace http {
class router;
}

class api_role {
 public:
  // Everything referenced lives as long as the role; changes to alerts are published to changes.
  // The exchange's tickers (ticker_feed) are asked on executor, the server's I/O threads. An
  // alert on a symbol its exchange does not list is refused once listed knows that exchange's list.
  api_role(const config& settings, database& db, response_cache& cache, alert_publisher& changes,
           const price_boards& boards, instrument_check& listed, event_hub& events, const api::operations& operations, const wall_clock& clock,
           boost::asio::any_io_executor executor, const feed_settings& ticker_feed, const monotonic_clock& monotonic);
  ~api_role();
  api_role(const api_role&) = delete;
  api_role& operator=(const api_role&) = delete;

  const http::router& routes() const { return *routes_; }

 private:
  std::unique_ptr<password_hasher> hasher_;
  std::unique_ptr<token_service> tokens_;
  std::unique_ptr<authenticator> callers_;
  std::unique_ptr<login_limiter> limiter_;
  std::unique_ptr<alert_service> alerts_;
  std::unique_ptr<account_service> accounts_;
  std::unique_ptr<random_source> secrets_;
  std::unique_ptr<session_service> sessions_;
  std::unique_ptr<channel_tester> tester_;
  std::unique_ptr<account_lifecycle> lifecycle_;
  // One thread that mails reset links after their requests were answered (services::request_password_reset).
  std::unique_ptr<boost::asio::thread_pool> reset_mail_thread_;
  std::unique_ptr<channel_service> channels_;
  std::unique_ptr<ticker_query> ticker_query_;
  std::unique_ptr<ticker_quotes> tickers_;
  std::unique_ptr<api::services> services_;
  std::unique_ptr<http::router> routes_;
};

// The key that signs the pause links of alert emails, made once and kept in the database, so
// that every process (api, notifier) signs and checks with the same one.
std::string pause_key(database& db);

}  // namespace pricewatch
