// End-to-end tests of GET /api/v1/prices/{symbol} through the real binary and the fake exchange:
// the price of any symbol the exchange lists, before any alert, with its 24-hour change from
// Binance's /api/v3/ticker/24hr; the watcher's price while it follows the symbol; a few seconds'
// cache and a limit per second between the route and the exchange; 404, 429 and 503.
#include "watch_fixture.hpp"

#include "eventually.hpp"

#include <boost/json/serialize.hpp>

#include <chrono>

namespace pricewatch::e2e {
namespace {

using boost::json::value;

constexpr std::int64_t hour_ms = 3'600'000;

class prices_test : public watch_test {
 protected:
  // How often pricewatch asked the exchange for a 24-hour ticker.
  std::int64_t requests_to(std::string_view path) {
    const value counts = member(exchange().state(), "rest_requests");
    const auto* count = counts.is_object() ? counts.as_object().if_contains(path) : nullptr;
    return count == nullptr ? 0 : integer_of(*count);
  }
  std::int64_t ticker_requests() { return requests_to("/api/v3/ticker/24hr"); }
  value error_of(const http_response& response) { return member(response.json(), "error"); }
};

TEST_F(prices_test, shows_any_listed_symbols_price_and_24h_change_before_any_alert) {
  // SOLUSDT traded at 100 two hours ago and trades at 102.5 now: up 2.5 % over the day.
  exchange().set_price("SOLUSDT", "100", now_ms() - 2 * hour_ms);
  exchange().set_price("SOLUSDT", "102.5");
  const http_response answer = api().get("/api/v1/prices/SOLUSDT");
  ASSERT_EQ(answer.status, 200u) << answer.body;
  const value price = answer.json();
  expect_keys(price, {"exchange", "symbol", "price", "trade_time", "age_ms", "live", "source", "change_24h_percent"});
  EXPECT_EQ(member(price, "symbol"), value("SOLUSDT"));
  EXPECT_EQ(member(price, "price"), value("102.5"));
  EXPECT_EQ(member(price, "change_24h_percent"), value("2.5"));
  EXPECT_EQ(member(price, "source"), value("exchange"));
  EXPECT_EQ(member(price, "live"), value(true));
  const std::int64_t age = integer_of(member(price, "age_ms"));
  EXPECT_TRUE(age >= 0 && age < 5000) << answer.body;

  // A user typing: the same symbol again and again within seconds asks the exchange once.
  for (int i = 0; i < 5; ++i) EXPECT_EQ(member(api().get("/api/v1/prices/SOLUSDT").json(), "price"), value("102.5"));
  EXPECT_EQ(ticker_requests(), 1);
  // Asking is not following: no alert, no subscription.
  EXPECT_EQ(member(exchange().state(), "subscriptions"), value(boost::json::array{}));

  // A falling one: -4 % with Binance's three decimals, given as exact text.
  exchange().set_price("XRPUSDT", "0.5", now_ms() - hour_ms);
  exchange().set_price("XRPUSDT", "0.48");
  const value falling = api().get("/api/v1/prices/XRPUSDT").json();
  EXPECT_EQ(member(falling, "price"), value("0.48"));
  EXPECT_EQ(member(falling, "change_24h_percent"), value("-4"));
}

TEST_F(prices_test, a_watched_symbol_shows_the_watchers_price_with_the_24h_change) {
  exchange().set_price("BTCUSDT", "50000", now_ms() - 3 * hour_ms);
  const test_user alice = register_user("prices");
  create_watched_alert(alice, "BTCUSDT", "above", "90000");
  EXPECT_EQ(exchange().set_price("BTCUSDT", "51000.5"), 1);
  ASSERT_TRUE(eventually([&] { return watcher_has_price("BTCUSDT"); })) << api().get("/api/v1/prices/BTCUSDT").body;
  const value price = api().get("/api/v1/prices/BTCUSDT").json();
  EXPECT_EQ(member(price, "price"), value("51000.5"));
  EXPECT_EQ(member(price, "live"), value(true));
  EXPECT_EQ(member(price, "change_24h_percent"), value("2.001"));
}

TEST_F(prices_test, a_symbol_the_exchange_does_not_list_is_404_with_a_clear_message) {
  const http_response answer = api().get("/api/v1/prices/NOSUCHUSDT");
  ASSERT_EQ(answer.status, 404u) << answer.body;
  EXPECT_EQ(member(error_of(answer), "code"), value("not_found"));
  EXPECT_EQ(member(error_of(answer), "message"), value("The exchange does not list NOSUCHUSDT."));
  EXPECT_EQ(api().get("/api/v1/prices/NOSUCHUSDT").status, 404u);
  EXPECT_EQ(ticker_requests(), 1) << "kept: no second ask";
  EXPECT_EQ(api().get("/api/v1/prices/nosuchusdt").status, 400u);
  EXPECT_EQ(ticker_requests(), 1) << "a malformed symbol is never asked";
}

TEST_F(prices_test, the_exchanges_slow_down_is_429_with_its_retry_after) {
  exchange().set_price("ETHUSDT", "3000");
  // The api's first reading of the instrument list is done, so the one failure goes to the ticker.
  ASSERT_TRUE(eventually([&] { return requests_to("/api/v3/exchangeInfo") >= 1; }));
  exchange().rest_failures(429, 1, 2);
  const http_response answer = api().get("/api/v1/prices/ETHUSDT");
  ASSERT_EQ(answer.status, 429u) << answer.body;
  EXPECT_EQ(member(error_of(answer), "code"), value("rate_limited"));
  EXPECT_EQ(answer.header("Retry-After"), "2");
  EXPECT_EQ(api().get("/api/v1/prices/ETHUSDT").status, 429u) << "nothing asked while it said to wait";
  EXPECT_EQ(ticker_requests(), 1);
  EXPECT_TRUE(eventually([&] { return api().get("/api/v1/prices/ETHUSDT").status == 200; }));
}

TEST_F(prices_test, new_symbols_are_asked_at_most_five_a_second) {
  const auto start = std::chrono::steady_clock::now();
  int answered = 0;
  int refused = 0;
  for (int i = 0; i < 12; ++i) {
    const std::string symbol = "COIN" + std::to_string(i) + "USDT";
    exchange().set_price(symbol, "1");
    const http_response answer = api().get("/api/v1/prices/" + symbol);
    if (answer.status == 200) ++answered;
    if (answer.status == 429) {
      ++refused;
      EXPECT_EQ(answer.header("Retry-After"), "1");
    }
    EXPECT_TRUE(answer.status == 200 || answer.status == 429) << answer.body;
  }
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start);
  EXPECT_EQ(answered + refused, 12);
  EXPECT_EQ(ticker_requests(), answered) << "a refused symbol is never asked";
  EXPECT_LE(answered, 5 * (seconds.count() + 1)) << "more than five asks a second";
}

TEST_F(prices_test, an_unreachable_exchange_is_503) {
  kill_exchange();
  const http_response answer = api().get("/api/v1/prices/ADAUSDT");
  ASSERT_EQ(answer.status, 503u) << answer.body;
  EXPECT_EQ(member(error_of(answer), "code"), value("backend_unavailable"));
  EXPECT_EQ(member(error_of(answer), "message"), value("The exchange cannot be reached; try again later."));
}

}  // namespace
}  // namespace pricewatch::e2e
