// /api/v1/prices/{symbol}: the last price the watcher saw of a symbol, and how old it is.
// Prices are public market data, so the route needs no token.
#include "alerts/alert_rules.hpp"
#include "api/error_responses.hpp"
#include "api/json_io.hpp"
#include "api/services.hpp"
#include "core/clock.hpp"
#include "core/time_format.hpp"
#include "http/router.hpp"
#include "watch/price_board.hpp"

namespace pricewatch::api {
namespace {

http::response last_price(const services& services, const http::request& request) {
  auto symbol = validate_symbol(request.path_parameters.at(0));
  if (!symbol) return v1_error(symbol.error());
  const auto entry = services.prices.find(*symbol);
  if (!entry) {
    return v1_error(make_failure(errc::not_found, "No price for " + *symbol +
                                                      " yet: prices are followed for symbols with active alerts."));
  }
  const auto age =
      std::chrono::duration_cast<std::chrono::milliseconds>(services.clock.now() - entry->trade_time).count();
  return json_response(200, {{"symbol", *symbol},
                             {"price", entry->value.to_string()},
                             {"trade_time", format_rfc3339(entry->trade_time)},
                             {"age_ms", std::max<std::int64_t>(0, age)},
                             {"live", services.prices.live()}});
}

}  // namespace

void add_price_routes(http::router& router, const services& services) {
  router.add("GET", "/api/v1/prices/{symbol}",
             [&services](http::request& request) { return last_price(services, request); },
             http::inline_route());
}

}  // namespace pricewatch::api
