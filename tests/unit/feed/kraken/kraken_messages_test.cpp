// Tests reading Kraken's messages: WebSocket v2 trades (prices are JSON numbers, read exactly),
// snapshots, heartbeats, status, acknowledgements, refusals and errors; the REST error list,
// tickers, OHLC candles and asset pairs; and that malformed ones are refused.
#include "feed/kraken/kraken_messages.hpp"

#include "core/time_format.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pricewatch::kraken {
namespace {

std::string trade_update(const std::string& trade_fields) {
  return R"({"channel":"trade","type":"update","data":[{"symbol":"BTC/USD","side":"sell",)" + trade_fields +
         R"(,"ord_type":"market"}]})";
}

TEST(parse_ws_message, reads_trades_exactly_from_json_numbers) {
  const auto message = parse_ws_message(
      R"({"channel":"trade","type":"update","data":[)"
      R"({"symbol":"MATIC/USD","side":"sell","price":0.5117,"qty":40.0,"ord_type":"market","trade_id":4665906,"timestamp":"2023-09-25T07:49:37.708706Z"},)"
      R"({"symbol":"BTC/USD","side":"buy","price":9999999999.99999999,"qty":0.001,"ord_type":"limit","trade_id":7,"timestamp":"2023-09-25T07:49:38Z"}]})");
  ASSERT_EQ(message.kind, message_kind::trades) << message.text;
  ASSERT_EQ(message.trades.size(), 2u);
  EXPECT_EQ(message.trades[0].symbol, "MATIC/USD");
  EXPECT_EQ(message.trades[0].value.units(), 51'170'000);
  EXPECT_EQ(message.trades[0].trade_id, 4665906);
  EXPECT_EQ(message.trades[0].time, *parse_rfc3339("2023-09-25T07:49:37.708706Z"));
  EXPECT_EQ(message.trades[1].value.units(), 999'999'999'999'999'999);
}

TEST(parse_ws_message, reads_prices_written_with_an_exponent_or_as_integers) {
  const auto tiny = parse_ws_message(trade_update(R"("price":1.234e-05,"qty":1,"trade_id":1,"timestamp":"2023-09-25T07:49:37Z")"));
  ASSERT_EQ(tiny.kind, message_kind::trades) << tiny.text;
  EXPECT_EQ(tiny.trades[0].value.units(), 1234);
  const auto whole = parse_ws_message(trade_update(R"("price":30000,"qty":1,"trade_id":1,"timestamp":"2023-09-25T07:49:37Z")"));
  EXPECT_EQ(whole.trades[0].value.units(), 3'000'000'000'000);
}

TEST(parse_ws_message, trades_with_bad_fields_are_bad_trades) {
  for (const auto& fields : {R"("price":"0.5117","trade_id":1,"timestamp":"2023-09-25T07:49:37Z")",
                             R"("price":-1.5,"trade_id":1,"timestamp":"2023-09-25T07:49:37Z")",
                             R"("price":1e-9,"trade_id":1,"timestamp":"2023-09-25T07:49:37Z")",
                             R"("price":0.5,"timestamp":"2023-09-25T07:49:37Z")",
                             R"("price":0.5,"trade_id":1.5,"timestamp":"2023-09-25T07:49:37Z")",
                             R"("price":0.5,"trade_id":1,"timestamp":"now")",
                             R"("price":99999999999999999999.5,"trade_id":1,"timestamp":"2023-09-25T07:49:37Z")"}) {
    const auto message = parse_ws_message(trade_update(fields));
    EXPECT_EQ(message.kind, message_kind::bad_trade) << fields;
    EXPECT_TRUE(message.trades.empty()) << fields;
    EXPECT_FALSE(message.text.empty()) << fields;
  }
  EXPECT_EQ(parse_ws_message(R"({"channel":"trade","type":"update","data":[42]})").kind, message_kind::bad_trade);
  EXPECT_EQ(parse_ws_message(R"({"channel":"trade","type":"update"})").kind, message_kind::malformed);
  EXPECT_EQ(parse_ws_message(R"({"channel":"trade","type":"delta","data":[]})").kind, message_kind::malformed);
}

TEST(parse_ws_message, reads_snapshots_heartbeats_and_status) {
  const auto snapshot = parse_ws_message(
      R"({"channel":"trade","type":"snapshot","data":[{"symbol":"BTC/USD","side":"buy","price":0.5147,"qty":6423.46326,"ord_type":"limit","trade_id":4665846,"timestamp":"2023-09-25T07:48:36.925533Z"}]})");
  EXPECT_EQ(snapshot.kind, message_kind::snapshot);
  ASSERT_EQ(snapshot.trades.size(), 1u);
  EXPECT_EQ(snapshot.trades[0].trade_id, 4665846);

  EXPECT_EQ(parse_ws_message(R"({"channel":"heartbeat"})").kind, message_kind::heartbeat);

  const auto status = parse_ws_message(
      R"({"channel":"status","data":[{"api_version":"v2","connection_id":13834774380200032777,"system":"online","version":"2.0.0"}],"type":"update"})");
  EXPECT_EQ(status.kind, message_kind::status);
  EXPECT_EQ(status.system, "online");
  const auto maintenance = parse_ws_message(R"({"channel":"status","data":[{"system":"maintenance"}],"type":"update"})");
  EXPECT_EQ(maintenance.system, "maintenance");
  EXPECT_EQ(parse_ws_message(R"({"channel":"status","data":[],"type":"update"})").kind, message_kind::malformed);
  EXPECT_EQ(parse_ws_message(R"({"channel":"book","type":"update","data":[]})").kind, message_kind::other);
}

TEST(parse_ws_message, reads_acknowledgements_refusals_and_errors) {
  const auto ack = parse_ws_message(
      R"({"method":"subscribe","result":{"channel":"trade","snapshot":false,"symbol":"BTC/USD"},"success":true,"time_in":"2023-09-25T09:04:31.742599Z","time_out":"2023-09-25T09:04:31.742648Z","req_id":1})");
  EXPECT_EQ(ack.kind, message_kind::acknowledgement);
  EXPECT_NE(ack.text.find("BTC/USD"), std::string::npos);
  EXPECT_EQ(parse_ws_message(R"({"method":"pong","req_id":3,"time_in":"x","time_out":"y"})").kind,
            message_kind::acknowledgement);

  const auto refused = parse_ws_message(
      R"({"error":"Currency pair not supported BTC/FOO","method":"subscribe","success":false,"symbol":"BTC/FOO","time_in":"x","time_out":"y","req_id":2})");
  EXPECT_EQ(refused.kind, message_kind::refusal);
  EXPECT_EQ(refused.refused_symbol, "BTC/FOO");
  const auto named_in_text = parse_ws_message(
      R"({"error":"Currency pair not supported XYZ/USD","method":"subscribe","success":false,"req_id":2})");
  EXPECT_EQ(named_in_text.refused_symbol, "XYZ/USD");

  const auto already = parse_ws_message(
      R"({"error":"Already subscribed","method":"subscribe","success":false,"symbol":"BTC/USD","req_id":3})");
  EXPECT_EQ(already.kind, message_kind::error) << "not a refusal of the symbol";
  EXPECT_FALSE(already.refused_symbol);
  EXPECT_EQ(parse_ws_message(R"({"error":"Exceeded msg rate","success":false})").kind, message_kind::error);
}

TEST(parse_ws_message, garbage_is_malformed) {
  for (const auto* text : {"{oops", "[]", "\"heartbeat\"", R"({"type":"update"})", ""}) {
    const auto message = parse_ws_message(text);
    EXPECT_EQ(message.kind, message_kind::malformed) << text;
    EXPECT_FALSE(message.text.empty()) << text;
  }
}

TEST(subscription_message, asks_for_trades_without_a_snapshot) {
  const std::vector<std::string> symbols{"BTC/USD", "ETH/EUR"};
  EXPECT_EQ(subscription_message(symbols, subscription_change::subscribe, 4),
            R"({"method":"subscribe","params":{"channel":"trade","symbol":["BTC/USD","ETH/EUR"],"snapshot":false},"req_id":4})");
  EXPECT_EQ(subscription_message(std::vector<std::string>{"BTC/USD"}, subscription_change::unsubscribe, 5),
            R"({"method":"unsubscribe","params":{"channel":"trade","symbol":["BTC/USD"]},"req_id":5})");
}

TEST(parse_errors, reads_the_error_list) {
  EXPECT_EQ(parse_errors(R"({"error":["EQuery:Unknown asset pair"],"result":{}})"),
            std::vector<std::string>{"EQuery:Unknown asset pair"});
  EXPECT_TRUE(parse_errors(R"({"error":[],"result":{}})").empty());
  EXPECT_TRUE(parse_errors("<html>").empty());
}

TEST(parse_tickers, reads_the_last_trade_price_of_each_pair) {
  const auto prices = parse_tickers(
      R"({"error":[],"result":{"BTC/USD":{"a":["30300.10000","1","1.000"],"b":["30300.00000","1","1.000"],"c":["30303.20000","0.00067643"],"v":["4083.67001100","4412.73601799"],"o":"30502.80000"},"ETH/USD":{"c":["2000.123456789","1"]}}})");
  EXPECT_FALSE(prices) << "nine decimals are more than a price holds";
  const auto exact = parse_tickers(R"({"error":[],"result":{"BTC/USD":{"c":["30303.20000","0.00067643"]}}})");
  ASSERT_TRUE(exact) << exact.error().message;
  ASSERT_EQ(exact->size(), 1u);
  EXPECT_EQ((*exact)[0].first, "BTC/USD");
  EXPECT_EQ((*exact)[0].second.units(), 3'030'320'000'000);
  EXPECT_FALSE(parse_tickers(R"({"error":[],"result":{"BTC/USD":{"c":[30303.2]}}})"));
  EXPECT_FALSE(parse_tickers(R"({"error":["EQuery:Unknown asset pair"]})"));
}

TEST(parse_ohlc, reads_high_and_low_of_each_minute_oldest_first) {
  const auto candles = parse_ohlc(
      R"({"error":[],"result":{"BTC/USD":[[1688671260,"30306.1","31000.12345678","30000.5","30305.7","30306.1","3.39243896",23],[1688671200,"30306.1","30306.2","30305.7","30305.7","30306.1","3.39243896",23]],"last":1688671260}})");
  ASSERT_TRUE(candles) << candles.error().message;
  ASSERT_EQ(candles->size(), 2u);
  EXPECT_EQ((*candles)[0].open, from_unix_millis(1688671200000));
  EXPECT_EQ((*candles)[1].high.units(), 3'100'012'345'678);
  EXPECT_EQ((*candles)[1].low.units(), 3'000'050'000'000);
  EXPECT_FALSE(parse_ohlc(R"({"error":[],"result":{"last":1}})"));
  EXPECT_FALSE(parse_ohlc(R"({"error":[],"result":{"BTC/USD":[[1688671200,30306.1,30306.2,30305.7,30305.7]]}})"));
  EXPECT_FALSE(parse_ohlc(R"({"error":[],"result":{"BTC/USD":[["x","1","1","1","1"]]}})"));
  // A time no time_point holds (past 2262) is refused, not multiplied into an overflow.
  EXPECT_FALSE(parse_ohlc(R"({"error":[],"result":{"BTC/USD":[[9300000000000000,"1","1","1","1"]]}})"));
}

TEST(parse_asset_pairs, names_each_pair_by_its_v2_symbol_and_its_rest_name) {
  const auto pairs = parse_asset_pairs(
      R"({"error":[],"result":{"BTC/USD":{"altname":"XBTUSD","wsname":"XBT/USD","base":"BTC","quote":"USD","status":"online"},)"
      R"("XETHZEUR":{"altname":"ETHEUR","wsname":"ETH/EUR","status":"online"},"XBTUSD.d":{"altname":"XBTUSD.d"}}})");
  ASSERT_TRUE(pairs) << pairs.error().message;
  ASSERT_EQ(pairs->size(), 2u) << "a pair that no stream carries is left out";
  EXPECT_EQ((*pairs)[0].symbol, "BTC/USD");
  EXPECT_EQ((*pairs)[0].rest_name, "XBTUSD");
  EXPECT_EQ((*pairs)[1].symbol, "ETH/EUR") << "without assetVersion's key, the wsname";
  EXPECT_EQ((*pairs)[1].rest_name, "ETHEUR");
  EXPECT_FALSE(parse_asset_pairs(R"({"error":[],"result":{"BTC/USD":7}})"));
  EXPECT_FALSE(parse_asset_pairs("[]"));
}

}  // namespace
}  // namespace pricewatch::kraken
