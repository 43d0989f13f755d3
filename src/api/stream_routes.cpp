// Server-Sent Events: /api/v1/prices/{symbol}/stream (Binance's) and
// /api/v1/prices/{exchange}/{symbol}/stream (public market data) and /api/v1/events
// (the caller's alert changes, authenticated with the Authorization header: browsers read it
// with fetch, never with a token in the URL).
#include "alerts/alert_rules.hpp"
#include "api/authenticate.hpp"
#include "api/error_responses.hpp"
#include "api/services.hpp"
#include "core/clock.hpp"
#include "api/stream_events.hpp"
#include "api/subscription_source.hpp"
#include "events/event_hub.hpp"
#include "http/router.hpp"
#include "watch/price_boards.hpp"

namespace pricewatch::api {
namespace {

http::response stream_of(std::unique_ptr<event_subscription> subscription, std::string first_events) {
  http::response answer;
  answer.content_type = "text/event-stream; charset=utf-8";
  answer.body = std::move(first_events);
  answer.events = std::make_shared<subscription_source>(std::move(subscription));
  return answer;
}

http::response stream_prices(const services& services, exchange_id exchange, const std::string& symbol) {
  // Subscribe before reading the board, so that no price falls between the two.
  auto subscription = services.events.subscribe(price_topic(exchange, symbol));
  std::string first;
  if (const auto last = services.prices.of(exchange).find(symbol)) {
    first = to_sse_text(price_event(symbol, last->value, last->trade_time, exchange));
  }
  return stream_of(std::move(subscription), std::move(first));
}

http::response price_stream(const services& services, const http::request& request) {
  auto symbol = validate_symbol(request.path_parameters.at(0));
  if (!symbol) return v1_error(symbol.error());
  return stream_prices(services, exchange_id::binance, *symbol);
}

// {exchange}/{symbol}/stream, or {exchange}/{base}/{quote}/stream for a Kraken symbol.
http::response exchange_price_stream(const services& services, const http::request& request) {
  const auto& parts = request.path_parameters;
  const auto exchange = exchange_named(parts.at(0));
  if (!exchange) {
    return v1_error(make_failure(errc::not_found,
                                 "Unknown exchange " + parts.at(0) + ": binance, binanceus, coinbase or kraken."));
  }
  auto symbol = validate_symbol(parts.size() == 3 ? parts.at(1) + "/" + parts.at(2) : parts.at(1), *exchange);
  if (!symbol) return v1_error(symbol.error());
  return stream_prices(services, *exchange, *symbol);
}

http::response alert_events(const services& services, const http::request& request) {
  auto caller = authenticate(request, services.callers);
  if (!caller) return v1_error(caller.error());
  auto subscription = services.events.subscribe(event_hub::user_topic(caller->user_id));
  auto answer = stream_of(std::move(subscription), ": connected\n\n");
  // The stream ends, saying why, when its token expires, or its account is found gone or its
  // tokens ended (a password change).
  answer.end_check_at = std::chrono::system_clock::time_point(std::chrono::seconds(caller->expires_at));
  answer.end_check = [&callers = services.callers, &clock = services.clock, claims = *caller,
                      expires_at = caller->expires_at]() -> std::optional<std::string> {
    const auto now = std::chrono::system_clock::to_time_t(clock.now());
    auto last = session_end_event(now, expires_at, [&] { return callers.still_valid(claims); });
    if (!last) return std::nullopt;
    return to_sse_text(*last);
  };
  return answer;
}

}  // namespace

void add_stream_routes(http::router& router, const services& services) {
  router.add("GET", "/api/v1/prices/{symbol}/stream",
             [&services](http::request& request) { return price_stream(services, request); },
             http::inline_route());
  const auto per_exchange = [&services](http::request& request) { return exchange_price_stream(services, request); };
  router.add("GET", "/api/v1/prices/{exchange}/{symbol}/stream", per_exchange, http::inline_route());
  router.add("GET", "/api/v1/prices/{exchange}/{base}/{quote}/stream", per_exchange, http::inline_route());
  // On the blocking pool: an account not seen yet is looked up in the database.
  router.add("GET", "/api/v1/events", [&services](http::request& request) { return alert_events(services, request); });
}

}  // namespace pricewatch::api
