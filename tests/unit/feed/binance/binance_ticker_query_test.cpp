// Tests reading Binance's answer to GET /api/v3/ticker/24hr?symbol=X into the ticker or the
// failure the price route reports (the request itself is the e2e prices test's).
#include "feed/binance/binance_ticker_query.hpp"

#include "core/time_format.hpp"
#include "feed/binance/symbol_query.hpp"

#include <gtest/gtest.h>

namespace pricewatch::binance {
namespace {

http_reply reply(unsigned status, std::string body, std::optional<std::chrono::seconds> retry_after = std::nullopt) {
  return http_reply{status, std::move(body), retry_after};
}

const std::string btc_ticker =
    R"({"symbol":"BTCUSDT","priceChange":"1000.00000000","priceChangePercent":"2.000","weightedAvgPrice":"50500.00000000",)"
    R"("prevClosePrice":"50000.00000000","lastPrice":"51000.50000000","lastQty":"1.00000000","bidPrice":"51000.50000000",)"
    R"("bidQty":"1.00000000","askPrice":"51000.50000000","askQty":"1.00000000","openPrice":"50000.00000000",)"
    R"("highPrice":"51000.50000000","lowPrice":"50000.00000000","volume":"2.00000000","quoteVolume":"101000.50000000",)"
    R"("openTime":1700000000000,"closeTime":1700086400000,"firstId":1,"lastId":2,"count":2})";

TEST(ticker_24h_target, asks_for_one_symbol) {
  EXPECT_EQ(ticker_24h_target("BTCUSDT"), "/api/v3/ticker/24hr?symbol=BTCUSDT");
}

TEST(read_daily_ticker, reads_a_ticker_exactly) {
  const auto ticker = read_daily_ticker(reply(200, btc_ticker), "BTCUSDT");
  ASSERT_TRUE(ticker) << ticker.error().message;
  EXPECT_EQ(ticker->last_price, *price::parse("51000.5"));
  EXPECT_EQ(ticker->change_percent, "2");
  EXPECT_EQ(ticker->as_of, from_unix_millis(1700086400000));
}

TEST(read_daily_ticker, a_symbol_binance_does_not_list_is_not_found) {
  for (const auto* body : {R"({"code":-1121,"msg":"Invalid symbol."})",
                           R"({"code":-1100,"msg":"Illegal characters found in parameter 'symbol'."})"}) {
    const auto ticker = read_daily_ticker(reply(400, body), "NOSUCHUSDT");
    ASSERT_FALSE(ticker);
    EXPECT_EQ(ticker.error().code, errc::not_found);
    EXPECT_EQ(ticker.error().message, "The exchange does not list NOSUCHUSDT.");
  }
}

TEST(read_daily_ticker, slow_down_answers_are_rate_limits_with_their_retry_after) {
  auto ticker = read_daily_ticker(reply(429, R"({"code":-1003,"msg":"Too many requests."})", std::chrono::seconds(7)),
                                  "BTCUSDT");
  ASSERT_FALSE(ticker);
  EXPECT_EQ(ticker.error().code, errc::rate_limited);
  EXPECT_EQ(ticker.error().retry_after_seconds, 7);
  ticker = read_daily_ticker(reply(418, R"({"code":-1003,"msg":"Way too much request weight used; IP banned."})"),
                             "BTCUSDT");
  ASSERT_FALSE(ticker);
  EXPECT_EQ(ticker.error().code, errc::rate_limited);
  EXPECT_EQ(ticker.error().retry_after_seconds, 60) << "no Retry-After: a minute";
}

TEST(read_daily_ticker, other_errors_and_unreadable_answers_mean_the_exchange_is_unavailable) {
  const http_reply replies[] = {
      reply(500, R"({"code":-1000,"msg":"An unknown error occurred while processing the request."})"),
      reply(400, R"({"code":-1128,"msg":"Combination of optional parameters invalid."})"),
      reply(451, "unavailable in your region"),
      reply(200, "not json"),
      reply(200, R"({"symbol":"BTCUSDT","price":"51000.5"})"),
      reply(200, btc_ticker),  // for another symbol than asked
  };
  for (const auto& answer : replies) {
    const auto ticker = read_daily_ticker(answer, answer.status == 200 && answer.body == btc_ticker ? "ETHUSDT" : "BTCUSDT");
    ASSERT_FALSE(ticker) << answer.status << " " << answer.body;
    EXPECT_EQ(ticker.error().code, errc::backend_unavailable) << answer.status << " " << answer.body;
    EXPECT_EQ(ticker.error().message.find("{"), std::string::npos) << "no exchange body for the client";
  }
}

}  // namespace
}  // namespace pricewatch::binance
