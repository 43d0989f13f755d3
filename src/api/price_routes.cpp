// /api/v1/prices/{symbol} (Binance's) and /api/v1/prices/{exchange}/{symbol}: the last price of a
// symbol and how old it is, with its 24-hour change. The price the watcher follows (the one alerts
// fire on) while it is current; on Binance, for any other symbol it lists, its 24-hour ticker,
// asked over REST and kept a few seconds (feed/ticker_quotes), so that a new user sees a price
// before making an alert. The other exchanges answer with what their watcher follows. Prices are
// public market data, so the routes need no token.
#include "alerts/alert_rules.hpp"
#include "api/error_responses.hpp"
#include "api/json_io.hpp"
#include "api/services.hpp"
#include "core/clock.hpp"
#include "core/time_format.hpp"
#include "feed/ticker_quotes.hpp"
#include "http/router.hpp"
#include "watch/price_boards.hpp"

#include <functional>

namespace pricewatch::api {
namespace {

// A price asked of the exchange stands for this long: a user typing a symbol gets one ask of it.
constexpr std::chrono::milliseconds price_kept{std::chrono::seconds(5)};
// The 24-hour change beside a followed price moves slowly: asked once a minute at most.
constexpr std::chrono::milliseconds change_kept{std::chrono::seconds(60)};

// A ticker no older than the age given: kept (never waits: the I/O thread's try) or asked
// (waits: the blocking pool's). nullopt when the kept ones have none.
using ticker_lookup = std::function<std::optional<result<daily_ticker>>(std::chrono::milliseconds max_age)>;

boost::json::value change_of(const std::optional<result<daily_ticker>>& ticker) {
  if (!ticker || !*ticker) return nullptr;
  return boost::json::value((*ticker)->change_percent);
}

http::response price_response(const services& services, exchange_id exchange, const std::string& symbol, price value,
                              time_point when, bool live, std::string_view source, boost::json::value change) {
  const auto age = std::chrono::duration_cast<std::chrono::milliseconds>(services.clock.now() - when).count();
  return json_response(200, {{"exchange", exchange_name(exchange)},
                             {"symbol", symbol},
                             {"price", value.to_string()},
                             {"trade_time", format_rfc3339(when)},
                             {"age_ms", std::max<std::int64_t>(0, age)},
                             {"live", live},
                             {"source", source},
                             {"change_24h_percent", std::move(change)}});
}

// nullopt when lookup has nothing at hand (the inline try then leaves it to the pool).
std::optional<http::response> answer(const services& services, const std::string& symbol, const ticker_lookup& lookup) {
  const auto& board = services.prices.of(exchange_id::binance);
  const auto binance = exchange_id::binance;
  const auto followed = board.find(symbol);
  const bool current = followed && services.clock.now() - followed->trade_time <= board.max_staleness();
  if (current) {
    // The watcher's price; the change beside it when the exchange gives one, null otherwise.
    const auto daily = lookup(change_kept);
    if (!daily) return std::nullopt;
    return price_response(services, binance, symbol, followed->value, followed->trade_time, board.live(), "feed",
                          change_of(daily));
  }
  const auto daily = lookup(price_kept);
  if (!daily) return std::nullopt;
  if (*daily) {
    return price_response(services, binance, symbol, (*daily)->last_price, (*daily)->as_of, true, "exchange",
                          boost::json::value((*daily)->change_percent));
  }
  // The exchange cannot tell now: an old price of the watcher's is better than none.
  if (followed && daily->error().code != errc::not_found) {
    return price_response(services, binance, symbol, followed->value, followed->trade_time, board.live(), "feed",
                          nullptr);
  }
  return v1_error(daily->error());
}

std::optional<http::response> kept_price(const services& services, const http::request& request) {
  auto symbol = validate_symbol(request.path_parameters.at(0));
  if (!symbol) return v1_error(symbol.error());
  return answer(services, *symbol, [&](std::chrono::milliseconds max_age) {
    return services.tickers.kept(*symbol, max_age);
  });
}

http::response last_price(const services& services, const http::request& request) {
  auto symbol = validate_symbol(request.path_parameters.at(0));
  if (!symbol) return v1_error(symbol.error());
  auto answered = answer(services, *symbol, [&](std::chrono::milliseconds max_age) {
    return std::optional<result<daily_ticker>>(services.tickers.get(*symbol, max_age));
  });
  return std::move(*answered);  // get() always answers
}

// An exchange other than Binance: what its watcher follows, however old (said by age_ms and live).
http::response followed_price(const services& services, exchange_id exchange, const std::string& symbol) {
  const auto& board = services.prices.of(exchange);
  const auto followed = board.find(symbol);
  if (!followed) {
    return v1_error(make_failure(errc::not_found, "No price of " + symbol + " on " + std::string(exchange_name(exchange)) +
                                                      " yet: pricewatch follows a symbol there while an alert watches it."));
  }
  return price_response(services, exchange, symbol, followed->value, followed->trade_time, board.live(), "feed", nullptr);
}

// {exchange}/{symbol}, or {exchange}/{base}/{quote} for a Kraken symbol (BTC/USD: the router
// splits its slash, written or encoded, like any other).
result<std::pair<exchange_id, std::string>> exchange_symbol(const http::request& request) {
  const auto& parts = request.path_parameters;
  const auto exchange = exchange_named(parts.at(0));
  if (!exchange) {
    return make_failure(errc::not_found, "Unknown exchange " + parts.at(0) + ": binance, binanceus, coinbase or kraken.");
  }
  auto symbol = validate_symbol(parts.size() == 3 ? parts.at(1) + "/" + parts.at(2) : parts.at(1), *exchange);
  if (!symbol) return symbol.error();
  return std::pair{*exchange, std::move(*symbol)};
}

std::optional<http::response> kept_exchange_price(const services& services, const http::request& request) {
  auto wanted = exchange_symbol(request);
  if (!wanted) return v1_error(wanted.error());
  const auto& [exchange, symbol] = *wanted;
  if (exchange != exchange_id::binance) return followed_price(services, exchange, symbol);
  return answer(services, symbol, [&](std::chrono::milliseconds max_age) { return services.tickers.kept(symbol, max_age); });
}

http::response exchange_price(const services& services, const http::request& request) {
  auto wanted = exchange_symbol(request);
  if (!wanted) return v1_error(wanted.error());
  const auto& [exchange, symbol] = *wanted;
  if (exchange != exchange_id::binance) return followed_price(services, exchange, symbol);
  auto answered = answer(services, symbol, [&](std::chrono::milliseconds max_age) {
    return std::optional<result<daily_ticker>>(services.tickers.get(symbol, max_age));
  });
  return std::move(*answered);
}

}  // namespace

void add_price_routes(http::router& router, const services& services) {
  // Answered on the I/O thread from what is at hand; asking the exchange waits on the pool.
  http::route_options options;
  options.try_inline = [&services](http::request& request) { return kept_price(services, request); };
  router.add("GET", "/api/v1/prices/{symbol}",
             [&services](http::request& request) { return last_price(services, request); }, options);
  http::route_options per_exchange;
  per_exchange.try_inline = [&services](http::request& request) { return kept_exchange_price(services, request); };
  const auto handle = [&services](http::request& request) { return exchange_price(services, request); };
  router.add("GET", "/api/v1/prices/{exchange}/{symbol}", handle, per_exchange);
  router.add("GET", "/api/v1/prices/{exchange}/{base}/{quote}", handle, per_exchange);
}

}  // namespace pricewatch::api
