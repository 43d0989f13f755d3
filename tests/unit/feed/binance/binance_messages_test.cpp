// Tests reading Binance's messages (BINANCE.md): stream events, tickers, klines, errors, control.
#include "feed/binance/binance_messages.hpp"

#include "core/time_format.hpp"

#include <gtest/gtest.h>

#include <string>

namespace pricewatch::binance {
namespace {

const std::string agg_trade =
    R"({"e":"aggTrade","E":1672515782136,"s":"BTCUSDT","a":12345,"p":"51000.12345678","q":"100",)"
    R"("f":100,"l":105,"T":1672515782100,"m":true,"M":true})";

std::string trade_with(const std::string& fields) { return R"({"e":"aggTrade","s":"BTCUSDT",)" + fields + "}"; }

TEST(parse_stream_message, reads_a_combined_agg_trade_exactly) {
  const auto event = parse_stream_message(R"({"stream":"btcusdt@aggTrade","data":)" + agg_trade + "}");
  ASSERT_EQ(event.kind, event_kind::trade) << event.reason;
  ASSERT_TRUE(event.tick);
  EXPECT_EQ(event.tick->symbol, "BTCUSDT");
  EXPECT_EQ(event.tick->value.units(), 5'100'012'345'678);
  EXPECT_EQ(event.tick->trade_time, from_unix_millis(1672515782100));  // T, not E
}

TEST(parse_stream_message, reads_a_raw_agg_trade) {
  const auto event = parse_stream_message(agg_trade);
  ASSERT_EQ(event.kind, event_kind::trade);
  EXPECT_EQ(event.tick->value, *price::parse("51000.12345678"));
  EXPECT_EQ(event.tick->trade_time, from_unix_millis(1672515782100));
}

TEST(parse_stream_message, reads_a_trade_event) {
  const auto event = parse_stream_message(
      R"({"e":"trade","E":1672515782136,"s":"BNBBTC","t":12345,"p":"0.001","q":"100","T":1672515782136,"m":true})");
  ASSERT_EQ(event.kind, event_kind::trade);
  EXPECT_EQ(event.tick->symbol, "BNBBTC");
  EXPECT_EQ(event.tick->value.units(), 100'000);
  EXPECT_EQ(event.tick->trade_time, from_unix_millis(1672515782136));
}

TEST(parse_stream_message, a_zero_price_is_a_trade_the_watcher_rejects) {
  const auto event = parse_stream_message(trade_with(R"("p":"0","T":1)"));
  ASSERT_EQ(event.kind, event_kind::trade);
  EXPECT_EQ(event.tick->value.units(), 0);
}

TEST(parse_stream_message, trades_with_bad_fields_are_bad_trades) {
  for (const auto& fields : {R"("T":1)", R"("p":"51000")", R"("p":"abc","T":1)", R"("p":"-1","T":1)",
                             R"("p":51000,"T":1)", R"("p":"1e5","T":1)", R"("p":"51000","T":"1")",
                             R"("p":"51000","T":1.5)", R"("p":"99999999999999999999","T":1)"}) {
    const auto event = parse_stream_message(trade_with(fields));
    EXPECT_EQ(event.kind, event_kind::bad_trade) << fields;
    EXPECT_FALSE(event.tick) << fields;
    EXPECT_FALSE(event.reason.empty()) << fields;
  }
  EXPECT_EQ(parse_stream_message(R"({"e":"aggTrade","p":"1","T":1})").kind, event_kind::bad_trade);  // no s
  EXPECT_EQ(parse_stream_message(R"({"stream":"x","data":{"e":"trade","s":"BTCUSDT","p":"abc","T":1}})").kind,
            event_kind::bad_trade);
}

TEST(parse_stream_message, non_objects_are_malformed) {
  for (const auto* text : {"", "not json", "[1,2,3]", "42", "\"text\"", "{\"e\":", "null",
                           R"({"stream":"btcusdt@aggTrade","data":[1]})"}) {
    const auto event = parse_stream_message(text);
    EXPECT_EQ(event.kind, event_kind::malformed) << text;
    EXPECT_FALSE(event.reason.empty()) << text;
  }
}

TEST(parse_stream_message, replies_to_control_messages) {
  EXPECT_EQ(parse_stream_message(R"({"result":null,"id":1})").kind, event_kind::control_reply);
  EXPECT_EQ(parse_stream_message(R"({"result":["btcusdt@aggTrade"],"id":3})").kind, event_kind::control_reply);
  const auto error = parse_stream_message(R"({"error":{"code":2,"msg":"Invalid request"},"id":4})");
  EXPECT_EQ(error.kind, event_kind::control_reply);
  EXPECT_NE(error.reason.find("Invalid request"), std::string::npos) << error.reason;
  EXPECT_EQ(parse_stream_message(R"({"error":{"code":2,"msg":"Invalid request"},"id":null})").kind,
            event_kind::control_reply);
}

TEST(parse_stream_message, server_shutdown_raw_and_combined) {
  EXPECT_EQ(parse_stream_message(R"({"e":"serverShutdown","E":1770123456789})").kind, event_kind::server_shutdown);
  EXPECT_EQ(parse_stream_message(R"({"stream":"!serverShutdown","data":{"e":"serverShutdown","E":1770123456789}})").kind,
            event_kind::server_shutdown);
}

TEST(parse_stream_message, other_well_formed_events) {
  EXPECT_EQ(parse_stream_message(R"({"e":"kline","s":"BTCUSDT"})").kind, event_kind::other);
  EXPECT_EQ(parse_stream_message(R"({"hello":"world"})").kind, event_kind::other);
  EXPECT_EQ(parse_stream_message(R"({"e":7})").kind, event_kind::other);
}

TEST(trade_stream_name, is_lower_case_agg_trade) {
  EXPECT_EQ(trade_stream_name("BTCUSDT"), "btcusdt@aggTrade");
  EXPECT_EQ(trade_stream_name("ethBTC"), "ethbtc@aggTrade");
}

TEST(parse_ticker_prices, reads_one_object) {
  const auto prices = parse_ticker_prices(R"({"symbol":"BTCUSDT","price":"4.00000200"})");
  ASSERT_TRUE(prices);
  ASSERT_EQ(prices->size(), 1u);
  EXPECT_EQ((*prices)[0].symbol, "BTCUSDT");
  EXPECT_EQ((*prices)[0].value.units(), 400'000'200);
}

TEST(parse_ticker_prices, reads_an_array) {
  const auto prices =
      parse_ticker_prices(R"([{"symbol":"BTCUSDT","price":"51000.50"},{"symbol":"ETHUSDT","price":"3000.00000001"}])");
  ASSERT_TRUE(prices);
  ASSERT_EQ(prices->size(), 2u);
  EXPECT_EQ((*prices)[0].value, *price::parse("51000.5"));
  EXPECT_EQ((*prices)[1].symbol, "ETHUSDT");
  EXPECT_EQ((*prices)[1].value.units(), 300'000'000'001);
  ASSERT_TRUE(parse_ticker_prices("[]"));
  EXPECT_TRUE(parse_ticker_prices("[]")->empty());
}

TEST(parse_ticker_prices, refuses_garbage) {
  for (const auto* body : {"", "garbage", "42", "[1]", R"({"symbol":"BTCUSDT"})", R"({"price":"1"})",
                           R"({"symbol":"BTCUSDT","price":1.5})", R"({"symbol":"BTCUSDT","price":"x"})",
                           R"([{"symbol":"BTCUSDT","price":"1"},{"symbol":"ETHUSDT","price":"-2"}])"}) {
    const auto prices = parse_ticker_prices(body);
    ASSERT_FALSE(prices) << body;
    EXPECT_EQ(prices.error().code, errc::validation_failed) << body;
  }
}

TEST(parse_klines, reads_open_time_high_and_low) {
  const auto klines = parse_klines(
      R"([[1700000000000,"100.0","105.5","99.25","101","3",1700000000999,"300",5,"1","100","0"],)"
      R"([1700000001000,"101","102","100.00000001","101.5","1",1700000001999,"1",1,"1","1","0"]])");
  ASSERT_TRUE(klines) << klines.error().message;
  ASSERT_EQ(klines->size(), 2u);
  EXPECT_EQ((*klines)[0].open_time_ms, 1700000000000);
  EXPECT_EQ((*klines)[0].high, *price::parse("105.5"));
  EXPECT_EQ((*klines)[0].low, *price::parse("99.25"));
  EXPECT_EQ((*klines)[1].open_time_ms, 1700000001000);
  EXPECT_EQ((*klines)[1].low.units(), 10'000'000'001);
  ASSERT_TRUE(parse_klines("[]"));
  EXPECT_TRUE(parse_klines("[]")->empty());
}

TEST(parse_klines, refuses_garbage) {
  for (const auto* body : {"", "x", "{}", "[1]", R"([[1,"1","2","3"]])", R"([["t","1","2","3","4"]])",
                           R"([[1,"1",2,"3","4"]])", R"([[1,"1","2","bad","4"]])", R"([[1.5,"1","2","3","4"]])"}) {
    const auto klines = parse_klines(body);
    ASSERT_FALSE(klines) << body;
    EXPECT_EQ(klines.error().code, errc::validation_failed) << body;
  }
}

// Binance's published example of GET /api/v3/ticker/24hr?symbol=BNBBTC (the FULL form).
const std::string ticker_24h =
    R"({"symbol":"BNBBTC","priceChange":"-94.99999800","priceChangePercent":"-95.960",)"
    R"("weightedAvgPrice":"0.29628482","prevClosePrice":"0.10002000","lastPrice":"4.00000200",)"
    R"("lastQty":"200.00000000","bidPrice":"4.00000000","bidQty":"100.00000000","askPrice":"4.00000200",)"
    R"("askQty":"100.00000000","openPrice":"99.00000000","highPrice":"100.00000000","lowPrice":"0.10000000",)"
    R"("volume":"8913.30000000","quoteVolume":"15.30000000","openTime":1499783499040,"closeTime":1499869899040,)"
    R"("firstId":28385,"lastId":28460,"count":76})";

std::string ticker_24h_with(const std::string& field, const std::string& value) {
  const auto start = ticker_24h.find("\"" + field + "\":") + field.size() + 3;
  const auto end = ticker_24h.find_first_of(",}", start);
  return ticker_24h.substr(0, start) + value + ticker_24h.substr(end);
}

TEST(parse_ticker_24h, reads_binances_example_exactly) {
  const auto ticker = parse_ticker_24h(ticker_24h);
  ASSERT_TRUE(ticker) << ticker.error().message;
  EXPECT_EQ(ticker->symbol, "BNBBTC");
  EXPECT_EQ(ticker->last_price.units(), 400'000'200);
  EXPECT_EQ(ticker->change_percent, "-95.96");
  EXPECT_EQ(ticker->as_of, from_unix_millis(1499869899040));
}

TEST(parse_ticker_24h, keeps_the_percent_as_exact_text_in_its_shortest_form) {
  const std::pair<const char*, const char*> cases[] = {
      {"\"2.500\"", "2.5"},   {"\"0.000\"", "0"},     {"\"-0.000\"", "0"},          {"\"12\"", "12"},
      {"\"007.10\"", "7.1"},  {"\"-0.001\"", "-0.001"}, {"\"123456.12345678\"", "123456.12345678"},
      {"\"0.1\"", "0.1"}};
  for (const auto& [sent, kept] : cases) {
    const auto ticker = parse_ticker_24h(ticker_24h_with("priceChangePercent", sent));
    ASSERT_TRUE(ticker) << sent;
    EXPECT_EQ(ticker->change_percent, kept) << sent;
  }
}

TEST(parse_ticker_24h, refuses_what_is_not_a_ticker) {
  for (const auto& body :
       {std::string(""), std::string("[]"), std::string("[") + ticker_24h + "]", std::string(R"({"code":-1121,"msg":"Invalid symbol."})"),
        ticker_24h_with("priceChangePercent", "-95.96"), ticker_24h_with("priceChangePercent", "\"1e3\""),
        ticker_24h_with("priceChangePercent", "\"+1.5\""), ticker_24h_with("priceChangePercent", "\"\""),
        ticker_24h_with("priceChangePercent", "\"1.\""), ticker_24h_with("priceChangePercent", "\".5\""),
        ticker_24h_with("priceChangePercent", "\"1.123456789\""), ticker_24h_with("priceChangePercent", "\"NaN\""),
        ticker_24h_with("priceChangePercent", "\"1234567890123456\""), ticker_24h_with("lastPrice", "4.000002"),
        ticker_24h_with("lastPrice", "\"-4\""), ticker_24h_with("lastPrice", "\"abc\""),
        ticker_24h_with("closeTime", "\"1499869899040\""), ticker_24h_with("symbol", "\"\""),
        ticker_24h_with("symbol", "42"), ticker_24h_with("priceChangePercent", "\"-\"")}) {
    const auto ticker = parse_ticker_24h(body);
    ASSERT_FALSE(ticker) << body;
    EXPECT_EQ(ticker.error().code, errc::validation_failed) << body;
  }
}

TEST(parse_api_error, reads_code_and_message) {
  const auto error = parse_api_error(R"({"code":-1121,"msg":"Invalid symbol."})");
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code, -1121);
  EXPECT_EQ(error->message, "Invalid symbol.");
}

TEST(parse_api_error, nothing_when_not_an_error) {
  for (const auto* body : {"", "[]", R"({"symbol":"BTCUSDT","price":"1"})", R"({"code":-1121})", R"({"msg":"x"})",
                           R"({"code":"-1121","msg":"x"})"}) {
    EXPECT_FALSE(parse_api_error(body)) << body;
  }
}

TEST(control_message, is_binance_json) {
  EXPECT_EQ(control_message("SUBSCRIBE", {"btcusdt@aggTrade", "ethusdt@aggTrade"}, 1),
            R"({"method":"SUBSCRIBE","params":["btcusdt@aggTrade","ethusdt@aggTrade"],"id":1})");
  EXPECT_EQ(control_message("UNSUBSCRIBE", {}, 312), R"({"method":"UNSUBSCRIBE","params":[],"id":312})");
}

}  // namespace
}  // namespace pricewatch::binance
