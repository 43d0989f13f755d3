// What /api/v1 answers about exchanges (DESIGN.md section 11): an alert's exchange (binance by
// default) in and out, each exchange's symbol form, unknown exchanges and unlisted symbols refused
// (listed ones, and any while a list is unknown, accepted), an exchange that cannot be changed,
// and prices per exchange (a Kraken symbol's slash in the path) while the old route stays Binance's.
#include "api_harness.hpp"

#include "alerts/instrument_lists.hpp"
#include "watch/price_board.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace pricewatch {
namespace {

using namespace std::chrono_literals;
using boost::json::value;
using test_support::api_harness;
using test_support::bearer;
using test_support::expect_v1_alert_keys;
using test_support::expect_v1_error;
using test_support::integer_of;
using test_support::json_of;
using test_support::member;

class v1_exchange_routes : public ::testing::Test {
 protected:
  api_harness api;
  api_harness::user owner = api.register_and_login("exchanges@example.com");

  http::response create(std::string_view body) { return api.post("/api/v1/alerts", body, bearer(owner.token)); }
  value created(std::string_view body) {
    const auto answer = create(body);
    EXPECT_EQ(answer.status, 201u) << body << ": " << answer.body;
    return json_of(answer);
  }
  std::string message_of(const http::response& answer) {
    return std::string(member(member(json_of(answer), "error"), "message").as_string());
  }
};

TEST_F(v1_exchange_routes, an_alert_is_binances_by_default_and_each_exchange_takes_its_own_symbols) {
  const auto binance = created(R"({"symbol": "BTCUSDT", "price": "60000"})");
  expect_v1_alert_keys(binance);
  EXPECT_EQ(member(binance, "exchange"), value("binance"));
  EXPECT_EQ(member(created(R"({"exchange": "binanceus", "symbol": "BTCUSD", "price": "1"})"), "exchange"),
            value("binanceus"));
  const auto coinbase = created(R"({"exchange": "coinbase", "symbol": "BTC-USD", "price": "1"})");
  EXPECT_EQ(member(coinbase, "exchange"), value("coinbase"));
  EXPECT_EQ(member(coinbase, "symbol"), value("BTC-USD"));
  const auto kraken = created(R"({"exchange": "kraken", "symbol": "BTC/USD", "price": "1"})");
  EXPECT_EQ(member(kraken, "symbol"), value("BTC/USD"));
  const auto read = json_of(api.get("/api/v1/alerts/" + std::to_string(integer_of(member(kraken, "id"))),
                                    bearer(owner.token)));
  EXPECT_EQ(member(read, "exchange"), value("kraken"));

  const auto filtered = json_of(api.get("/api/v1/alerts?symbol=BTC/USD", bearer(owner.token)));
  EXPECT_EQ(member(filtered, "count"), value(1));
  const auto on_coinbase = json_of(api.get("/api/v1/alerts?exchange=coinbase", bearer(owner.token)));
  EXPECT_EQ(member(on_coinbase, "count"), value(1));
  expect_v1_error(api.get("/api/v1/alerts?exchange=nope", bearer(owner.token)), 400, "validation_failed");
}

TEST_F(v1_exchange_routes, refuses_an_unknown_exchange_and_a_symbol_in_another_exchanges_form) {
  const auto unknown = create(R"({"exchange": "bitfinex", "symbol": "BTCUSD", "price": "1"})");
  expect_v1_error(unknown, 400, "validation_failed");
  EXPECT_EQ(message_of(unknown), "exchange must be one of binance, binanceus, coinbase, kraken.");
  expect_v1_error(create(R"({"exchange": 3, "price": "1"})"), 400, "validation_failed");

  const auto kraken = create(R"({"exchange": "kraken", "symbol": "BTCUSD", "price": "1"})");
  expect_v1_error(kraken, 400, "validation_failed");
  EXPECT_EQ(message_of(kraken), "A Kraken symbol is two upper-case names joined by /, such as BTC/USD.");
  const auto coinbase = create(R"({"exchange": "coinbase", "symbol": "BTC/USD", "price": "1"})");
  EXPECT_EQ(message_of(coinbase), "A Coinbase symbol is two upper-case names joined by -, such as BTC-USD.");
  expect_v1_error(create(R"({"symbol": "BTC-USD", "price": "1"})"), 400, "validation_failed");
  // The default symbol (the form's) is Binance's: refused on Kraken.
  expect_v1_error(create(R"({"exchange": "kraken", "price": "1"})"), 400, "validation_failed");
}

TEST_F(v1_exchange_routes, unlisted_symbols_are_refused_once_the_exchanges_list_is_known) {
  created(R"({"exchange": "kraken", "symbol": "NOPE/USD", "price": "1"})");  // the list is unknown yet
  api.listed().replace(exchange_id::kraken, {"BTC/USD", "ETH/USD"}, api.monotonic().now());
  const auto refused = create(R"({"exchange": "kraken", "symbol": "NOPE/USD", "price": "1"})");
  expect_v1_error(refused, 400, "validation_failed");
  EXPECT_EQ(message_of(refused), "NOPE/USD is not listed on kraken.");
  created(R"({"exchange": "kraken", "symbol": "ETH/USD", "price": "1"})");
  created(R"({"exchange": "coinbase", "symbol": "NOPE-USD", "price": "1"})");  // Coinbase's list: unknown

  // A change to an unlisted symbol is refused too.
  const auto alert = created(R"({"exchange": "kraken", "symbol": "BTC/USD", "price": "1"})");
  const auto path = "/api/v1/alerts/" + std::to_string(integer_of(member(alert, "id")));
  expect_v1_error(api.call("PATCH", path, R"({"symbol": "NOPE/USD"})", bearer(owner.token)), 400, "validation_failed");
  EXPECT_EQ(api.call("PATCH", path, R"({"symbol": "ETH/USD"})", bearer(owner.token)).status, 200u);
}

TEST_F(v1_exchange_routes, a_symbol_missing_from_a_list_that_may_be_out_of_date_is_asked_about_once_more) {
  int reads = 0;
  std::set<std::string> kraken_lists{"BTC/USD"};
  api.on_relist([&](exchange_id exchange) {
    ++reads;
    if (exchange == exchange_id::kraken) api.listed().replace(exchange, kraken_lists, api.monotonic().now());
  });
  api.listed().replace(exchange_id::kraken, {"BTC/USD"}, api.monotonic().now());
  // Kraken lists NEW/USD from now on; the list read half a minute ago is taken as it is.
  kraken_lists.insert("NEW/USD");
  api.monotonic().advance(std::chrono::seconds(30));
  expect_v1_error(create(R"({"exchange": "kraken", "symbol": "NEW/USD", "price": "1"})"), 400, "validation_failed");
  EXPECT_EQ(reads, 0);

  // A minute after the read (long before the hourly refresh), the list is read again before
  // NEW/USD is refused: it is listed now.
  api.monotonic().advance(std::chrono::seconds(30));
  created(R"({"exchange": "kraken", "symbol": "NEW/USD", "price": "1"})");
  EXPECT_EQ(reads, 1);

  // Its last refresh failed: a missing symbol reads it again, at most once a minute.
  api.listed().failed(exchange_id::kraken);
  expect_v1_error(create(R"({"exchange": "kraken", "symbol": "NOPE/USD", "price": "1"})"), 400, "validation_failed");
  expect_v1_error(create(R"({"exchange": "kraken", "symbol": "NOPE/USD", "price": "1"})"), 400, "validation_failed");
  EXPECT_EQ(reads, 1) << "read a moment ago, for NEW/USD";
  api.monotonic().advance(std::chrono::minutes(1));
  api.listed().failed(exchange_id::kraken);
  expect_v1_error(create(R"({"exchange": "kraken", "symbol": "NOPE/USD", "price": "1"})"), 400, "validation_failed");
  EXPECT_EQ(reads, 2);
}

TEST_F(v1_exchange_routes, an_alert_keeps_its_exchange) {
  const auto alert = created(R"({"exchange": "kraken", "symbol": "BTC/USD", "price": "1"})");
  const auto path = "/api/v1/alerts/" + std::to_string(integer_of(member(alert, "id")));
  const auto moved = api.call("PATCH", path, R"({"exchange": "coinbase", "symbol": "BTC-USD"})", bearer(owner.token));
  expect_v1_error(moved, 400, "validation_failed");
  EXPECT_EQ(message_of(moved), "exchange cannot be changed: create a new alert on the other exchange.");
  const auto same = api.call("PATCH", path, R"({"exchange": "kraken", "price": "2"})", bearer(owner.token));
  EXPECT_EQ(same.status, 200u) << same.body;
  // A symbol changed alone is checked in the alert's own exchange's form.
  expect_v1_error(api.call("PATCH", path, R"({"symbol": "BTCUSD"})", bearer(owner.token)), 400, "validation_failed");
}

TEST_F(v1_exchange_routes, prices_are_per_exchange_and_the_old_route_stays_binances) {
  const auto now = api.clock().now();
  api.board(exchange_id::kraken).update("BTC/USD", board_entry{*price::parse("60000.1"), now - 1500ms, now});
  api.board(exchange_id::kraken).set_live(true);
  for (const auto* target : {"/api/v1/prices/kraken/BTC/USD", "/api/v1/prices/kraken/BTC%2FUSD"}) {
    const auto answer = api.get(target);
    ASSERT_EQ(answer.status, 200u) << target << ": " << answer.body;
    const auto body = json_of(answer);
    EXPECT_EQ(member(body, "exchange"), value("kraken"));
    EXPECT_EQ(member(body, "symbol"), value("BTC/USD"));
    EXPECT_EQ(member(body, "price"), value("60000.1"));
    EXPECT_EQ(member(body, "age_ms"), value(1500));
    EXPECT_EQ(member(body, "source"), value("feed"));
  }
  expect_v1_error(api.get("/api/v1/prices/coinbase/BTC-USD"), 404, "not_found");
  expect_v1_error(api.get("/api/v1/prices/bitfinex/BTCUSD"), 404, "not_found");
  expect_v1_error(api.get("/api/v1/prices/kraken/BTCUSD"), 400, "validation_failed");

  api.board().update("BTCUSDT", board_entry{*price::parse("59000"), now, now});
  api.board().set_live(true);
  api.exchange().tickers.insert_or_assign("BTCUSDT", daily_ticker{"BTCUSDT", *price::parse("59000"), "1.5", now});
  for (const auto* target : {"/api/v1/prices/BTCUSDT", "/api/v1/prices/binance/BTCUSDT"}) {
    const auto body = json_of(api.get(target));
    EXPECT_EQ(member(body, "exchange"), value("binance")) << target;
    EXPECT_EQ(member(body, "price"), value("59000")) << target;
    EXPECT_EQ(member(body, "change_24h_percent"), value("1.5")) << target;
  }
  EXPECT_EQ(api.get("/api/v1/prices/binanceus/BTCUSDT").status, 404u) << "Binance's board is not Binance.US's";
}

TEST_F(v1_exchange_routes, readyz_and_metrics_report_each_exchange_watched) {
  const auto ready = json_of(api.get("/readyz"));
  EXPECT_TRUE(member(member(member(ready, "checks"), "exchanges"), "binance").is_object()) << ready;
  EXPECT_NE(api.get("/metrics").body.find("pricewatch_exchange_live{exchange=\"binance\"} 0"), std::string::npos);
}

}  // namespace
}  // namespace pricewatch
