// What GET /api/v1/prices/{symbol} answers (docs/api.md): the watcher's price while it is
// current, otherwise the exchange's 24-hour ticker (kept 5 s), the 24-hour change beside either,
// and 400, 404, 429 and 503 with clear messages. The exchange is the harness's fake.
#include "api_harness.hpp"

#include "core/time_format.hpp"
#include "watch/price_board.hpp"

#include <gtest/gtest.h>

namespace pricewatch {
namespace {

using namespace std::chrono_literals;
using boost::json::value;
using test_support::api_harness;
using test_support::expect_keys;
using test_support::expect_v1_error;
using test_support::header_of;
using test_support::json_of;
using test_support::member;

class price_routes : public ::testing::Test {
 protected:
  void follow(const std::string& symbol, std::string_view value, std::chrono::milliseconds age) {
    const auto now = api.clock().now();
    api.board().update(symbol, board_entry{*price::parse(value), now - age, now});
  }
  void list(const std::string& symbol, std::string_view value, std::string change, std::chrono::milliseconds age = 0ms) {
    api.exchange().tickers.insert_or_assign(
        symbol, daily_ticker{symbol, *price::parse(value), std::move(change), api.clock().now() - age});
  }
  void fail(const std::string& symbol, failure why) { api.exchange().tickers.insert_or_assign(symbol, std::move(why)); }
  std::size_t asks() { return api.exchange().asked.size(); }

  value get_price(std::string_view symbol, unsigned status = 200) {
    const auto answer = api.get("/api/v1/prices/" + std::string(symbol));
    EXPECT_EQ(answer.status, status) << answer.body;
    return json_of(answer);
  }

  api_harness api;
};

TEST_F(price_routes, a_followed_symbol_shows_the_watchers_price_with_the_exchanges_24h_change) {
  follow("BTCUSDT", "51000.50", 2500ms);
  api.board().set_live(true);
  list("BTCUSDT", "50990", "-1.5");
  const value price = get_price("BTCUSDT");
  expect_keys(price, {"exchange", "symbol", "price", "trade_time", "age_ms", "live", "source", "change_24h_percent"});
  EXPECT_EQ(member(price, "symbol"), value("BTCUSDT"));
  EXPECT_EQ(member(price, "price"), value("51000.5")) << "the watcher's, not the ticker's";
  EXPECT_EQ(member(price, "trade_time"), value(format_rfc3339(api.clock().now() - 2500ms)));
  EXPECT_EQ(member(price, "age_ms"), value(2500));
  EXPECT_EQ(member(price, "live"), value(true));
  EXPECT_EQ(member(price, "source"), value("feed"));
  EXPECT_EQ(member(price, "change_24h_percent"), value("-1.5"));

  // The change is kept a minute: the next answers ask nothing.
  api.monotonic().advance(59s);
  follow("BTCUSDT", "51001", 0ms);
  EXPECT_EQ(member(get_price("BTCUSDT"), "price"), value("51001"));
  EXPECT_EQ(asks(), 1u);
  api.monotonic().advance(2s);
  list("BTCUSDT", "51001", "0.25");
  EXPECT_EQ(member(get_price("BTCUSDT"), "change_24h_percent"), value("0.25"));
  EXPECT_EQ(asks(), 2u);
}

TEST_F(price_routes, a_followed_price_stands_when_the_exchange_gives_no_change) {
  follow("BTCUSDT", "51000", 1000ms);
  fail("BTCUSDT", make_failure(errc::backend_unavailable, "The exchange cannot be reached; try again later."));
  const value price = get_price("BTCUSDT");
  EXPECT_EQ(member(price, "price"), value("51000"));
  EXPECT_EQ(member(price, "source"), value("feed"));
  EXPECT_EQ(member(price, "live"), value(false)) << "the board says the feed is not live";
  EXPECT_TRUE(member(price, "change_24h_percent").is_null());
}

TEST_F(price_routes, any_listed_symbol_shows_the_exchanges_price_before_any_alert) {
  list("SOLUSDT", "142.37500000", "-3.21", 700ms);
  const value price = get_price("SOLUSDT");
  expect_keys(price, {"exchange", "symbol", "price", "trade_time", "age_ms", "live", "source", "change_24h_percent"});
  EXPECT_EQ(member(price, "price"), value("142.375"));
  EXPECT_EQ(member(price, "source"), value("exchange"));
  EXPECT_EQ(member(price, "live"), value(true));
  EXPECT_EQ(member(price, "trade_time"), value(format_rfc3339(api.clock().now() - 700ms)));
  EXPECT_EQ(member(price, "age_ms"), value(700));
  EXPECT_EQ(member(price, "change_24h_percent"), value("-3.21"));
  EXPECT_EQ(asks(), 1u);
}

TEST_F(price_routes, an_exchange_price_is_kept_five_seconds_so_typing_cannot_hammer_the_exchange) {
  list("SOLUSDT", "142", "1");
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(member(get_price("SOLUSDT"), "price"), value("142"));
    api.monotonic().advance(500ms);
  }
  EXPECT_EQ(asks(), 1u) << "once in 5 s";
  list("SOLUSDT", "143", "1.7");
  api.monotonic().advance(1ms);
  EXPECT_EQ(member(get_price("SOLUSDT"), "price"), value("143"));
  EXPECT_EQ(asks(), 2u);
}

TEST_F(price_routes, a_stale_watchers_price_gives_way_to_the_exchanges_and_stands_in_when_it_cannot_answer) {
  follow("ETHUSDT", "3000", 31s);  // older than feed.max_staleness_seconds
  list("ETHUSDT", "3100", "3.3");
  value price = get_price("ETHUSDT");
  EXPECT_EQ(member(price, "price"), value("3100"));
  EXPECT_EQ(member(price, "source"), value("exchange"));

  api.monotonic().advance(6s);
  fail("ETHUSDT", make_failure(errc::backend_unavailable, "The exchange cannot be reached; try again later."));
  price = get_price("ETHUSDT");
  EXPECT_EQ(member(price, "price"), value("3000")) << "an old price is better than none";
  EXPECT_EQ(member(price, "source"), value("feed"));
  EXPECT_EQ(member(price, "age_ms"), value(31000));
  EXPECT_TRUE(member(price, "change_24h_percent").is_null());
}

TEST_F(price_routes, a_symbol_the_exchange_does_not_list_is_404_and_kept_so) {
  const auto answer = api.get("/api/v1/prices/NOSUCHUSDT");
  expect_v1_error(answer, 404, "not_found");
  EXPECT_EQ(member(member(json_of(answer), "error"), "message"), value("The exchange does not list NOSUCHUSDT."));
  api.monotonic().advance(30s);
  expect_v1_error(api.get("/api/v1/prices/NOSUCHUSDT"), 404, "not_found");
  EXPECT_EQ(asks(), 1u);
}

TEST_F(price_routes, an_unreachable_exchange_is_503_and_its_slow_down_429_with_retry_after) {
  fail("BTCUSDT", make_failure(errc::backend_unavailable, "The exchange cannot be reached; try again later."));
  const auto unreachable = api.get("/api/v1/prices/BTCUSDT");
  expect_v1_error(unreachable, 503, "backend_unavailable");
  EXPECT_EQ(member(member(json_of(unreachable), "error"), "message"),
            value("The exchange cannot be reached; try again later."));

  fail("ETHUSDT", failure{errc::rate_limited, "The exchange asks for fewer requests; try again later.", 12});
  const auto slow = api.get("/api/v1/prices/ETHUSDT");
  expect_v1_error(slow, 429, "rate_limited");
  EXPECT_EQ(header_of(slow, "retry-after"), "12");
  list("SOLUSDT", "142", "1");
  expect_v1_error(api.get("/api/v1/prices/SOLUSDT"), 429, "rate_limited");
  EXPECT_EQ(asks(), 2u) << "nothing asked while the exchange says to slow down";
}

TEST_F(price_routes, more_than_five_new_symbols_a_second_are_429) {
  for (int i = 0; i < 6; ++i) list("COIN" + std::to_string(i) + "USDT", "1", "0");
  for (int i = 0; i < 5; ++i) get_price("COIN" + std::to_string(i) + "USDT");
  const auto refused = api.get("/api/v1/prices/COIN5USDT");
  expect_v1_error(refused, 429, "rate_limited");
  EXPECT_EQ(header_of(refused, "retry-after"), "1");
  api.monotonic().advance(1s);
  get_price("COIN5USDT");
}

TEST_F(price_routes, a_malformed_symbol_is_400_and_never_asked) {
  for (const auto* symbol : {"btcusdt", "B", "BTC-USDT", "ABCDEFGHIJKLMNOPQRSTU"}) {
    expect_v1_error(api.get("/api/v1/prices/" + std::string(symbol)), 400, "validation_failed");
  }
  EXPECT_EQ(asks(), 0u);
}

TEST_F(price_routes, waits_for_an_ask_no_longer_than_its_patience) {
  list("BTCUSDT", "51000", "1");
  api.exchange().hold = true;
  expect_v1_error(api.get("/api/v1/prices/BTCUSDT"), 503, "backend_unavailable");
  api.exchange().release();
  EXPECT_EQ(member(get_price("BTCUSDT"), "price"), value("51000")) << "the late answer was kept";
  EXPECT_EQ(asks(), 1u);
}

}  // namespace
}  // namespace pricewatch
