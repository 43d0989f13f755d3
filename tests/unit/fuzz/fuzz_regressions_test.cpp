// Every input with which a target of fuzz/ crashed, byte for byte (after the target's choice
// byte), given to the parser it crashed: each must now be read or refused as documented. They run
// under ASan + UBSan in `make test-sanitize`, which is what caught them; the inputs are also kept
// as seeds in fuzz/corpus/<target>/crash-*.
#include "api/alert_request_json.hpp"
#include "api/json_io.hpp"
#include "feed/binance/binance_messages.hpp"
#include "feed/coinbase/coinbase_messages.hpp"
#include "feed/kraken/kraken_messages.hpp"

#include <gtest/gtest.h>

namespace pricewatch {
namespace {

// fuzz_binance, 2026-12-07: a closeTime past 2262 overflowed from_unix_millis.
TEST(fuzz_regressions, binance_ticker_with_a_close_time_past_2262) {
  const auto ticker = binance::parse_ticker_24h(
      R"({"symbol":"BTCUSDT","lastPrice":"50000.1","priceChangePercent":"-1.500","closeTime":170000000000000059})");
  EXPECT_TRUE(ticker.has_value() || ticker.has_error());
}

// fuzz_coinbase, 2026-12-07: a heartbeat's time in 4048 overflowed parse_rfc3339.
TEST(fuzz_regressions, coinbase_heartbeat_in_the_year_4048) {
  const auto message = coinbase::parse_feed_message(
      R"({"type":"heartbeat","sequen700000000,1.0,2.0,ce":90,"last_trade_id":20,"product_id":"BTC-USD","time":"4048-01-01T00:00:01.5Z"})");
  EXPECT_FALSE(message.beat.has_value());
}

// fuzz_coinbase, 2026-12-07: a candle's time of 1.7e18 s overflowed `*time * 1000` in
// parse_candles (src/feed/coinbase/coinbase_messages.cpp:132), undefined behaviour that UBSan
// reports. NOT FIXED on this branch (src/feed is being reworked): this test fails under
// `make test-sanitize` until parse_candles refuses a time past what from_unix_millis takes.
TEST(fuzz_regressions, coinbase_candle_time_past_any_millisecond_count) {
  EXPECT_TRUE(coinbase::parse_candles("[[1710001210000000000,1,10.0]]").has_error());
  EXPECT_EQ(coinbase::parse_candles("[[1710001200,1,10.0]]")->size(), 1u);
}

// fuzz_kraken, 2026-12-07: a trade's timestamp in 3260 overflowed parse_rfc3339.
TEST(fuzz_regressions, kraken_trade_in_the_year_3260) {
  const auto message = kraken::parse_ws_message(
      R"({"channel":"trade","type":"update","data":[{"symbol":"BTC/USD","side":"buy","price":840,".050qty":0.1,"ord_type":"market","trade_id":5,"timestamp":"3260-01-01T00:00:00.123456Z"}]})");
  EXPECT_TRUE(message.trades.empty());
}

// fuzz_request_body, 2026-12-07: an alert's expires_at in 3307 overflowed parse_rfc3339.
TEST(fuzz_regressions, alert_expiring_in_the_year_3307) {
  http::request request;
  request.headers.emplace_back("content-type", "application/json");
  request.body = R"({"p`used":false,"price":"0.00000001","expires_at":"3307-02-01T00:00:00Z"})";
  const auto body = api::read_object(request, api::dialect::v1);
  ASSERT_TRUE(body.has_value());
  const auto alert = api::read_alert_request(*body, api::dialect::v1);
  ASSERT_TRUE(alert.has_error());
  EXPECT_NE(alert.error().message.find("expires_at"), std::string::npos) << alert.error().message;
}

}  // namespace
}  // namespace pricewatch
