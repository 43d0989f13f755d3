// What the HTTP handlers need, handed over by the composition root. Everything referenced here
// outlives the router and is safe to use from any request thread.
#pragma once

namespace pricewatch {
class account_lifecycle;
class account_service;
class alert_service;
class channel_service;
struct delivery_channel;
class authenticator;
class response_cache;
class database;
class price_boards;
class event_hub;
class ticker_quotes;
class wall_clock;
struct delivery_counts;
namespace http {
class metrics;
class router;
}  // namespace http
}  // namespace pricewatch

#include "core/exchange.hpp"
#include "notify/channel.hpp"

#include <functional>
#include <string>
#include <vector>

namespace pricewatch::api {

// What /healthz, /readyz and /metrics read. Every process serves them, whatever its roles.
struct operations {
  database& db;
  const http::metrics& metrics;
  const price_boards& prices;                      // last prices and feed health, per exchange
  std::vector<const delivery_counts*> deliveries;  // what this process's delivery workers did
  const response_cache& cache;
  // The exchanges this process's watchers follow (they fill those boards); none without the
  // watcher role.
  std::vector<exchange_id> watched;
  const wall_clock& clock;  // the age of prices
};

struct services {
  account_service& accounts;
  alert_service& alerts;
  authenticator& callers;     // tokens and whether their accounts exist
  response_cache& cache;
  const price_boards& prices;  // last prices and feed health, per exchange
  event_hub& events;          // live prices and alert changes for streams
  const operations& ops;
  const wall_clock& clock;     // ages of prices, the end of a token's stream
  ticker_quotes& tickers;      // the exchange's 24-hour tickers, for /api/v1/prices
  channel_service& channels;   // the caller's channels and default channels
  // Sends a test message through a channel now (POST /api/v1/channels/{id}/test); empty where
  // this process cannot send.
  std::function<send_result(const delivery_channel&)> test_channel;
  std::string pause_key;  // signs the pause links of alert emails (notify/pause_link.hpp)
  // Sessions, password change and reset, deletion (issue 16).
  account_lifecycle* lifecycle = nullptr;
  // Runs account_lifecycle::send_reset_link(email, link_base) after the request is answered, so
  // that the answer takes as long whether or not the account exists.
  std::function<void(const std::string&, const std::string&)> request_password_reset;
};

// Each adds its routes to the table; routes.cpp calls them all.
void add_original_routes(http::router& router, const services& services);
void add_v1_account_routes(http::router& router, const services& services);
void add_v1_alert_routes(http::router& router, const services& services);
void add_v1_channel_routes(http::router& router, const services& services);
void add_v1_session_routes(http::router& router, const services& services);
void add_v1_me_routes(http::router& router, const services& services);
void add_alert_pause_routes(http::router& router, const services& services);
void add_operations_routes(http::router& router, const operations& ops);
void add_price_routes(http::router& router, const services& services);
void add_stream_routes(http::router& router, const services& services);
void add_web_routes(http::router& router);

// The whole route table.
http::router make_router(const services& services);
// Only /healthz, /readyz and /metrics: for processes without the api role.
http::router make_operations_router(const operations& ops);

}  // namespace pricewatch::api
