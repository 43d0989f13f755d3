// Tests Binance's protocol as the shared feed uses it: stream targets and SUBSCRIBE messages,
// what each stream message means, and how REST answers (prices, unknown symbols, rate limits,
// klines, exchangeInfo) are read; Binance.US's minute klines.
#include "feed/binance/binance_protocol.hpp"

#include "core/time_format.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pricewatch::binance {
namespace {

using namespace std::chrono_literals;

http_reply reply(unsigned status, std::string body, std::optional<std::chrono::seconds> retry_after = std::nullopt) {
  return http_reply{status, std::move(body), retry_after};
}

TEST(binance_protocol, names_the_first_symbols_in_the_url_and_subscribes_the_others) {
  binance_protocol protocol;
  const std::vector<std::string> symbols{"BTCUSDT", "ETHUSDT"};
  EXPECT_EQ(protocol.connect_target(symbols), "/stream?streams=btcusdt@aggTrade/ethusdt@aggTrade");
  EXPECT_EQ(protocol.subscription_message(symbols, subscription_change::subscribe, 7),
            R"({"method":"SUBSCRIBE","params":["btcusdt@aggTrade","ethusdt@aggTrade"],"id":7})");
  EXPECT_EQ(protocol.subscription_message(std::vector<std::string>{"SOLUSDT"}, subscription_change::unsubscribe, 8),
            R"({"method":"UNSUBSCRIBE","params":["solusdt@aggTrade"],"id":8})");
  const auto rules = protocol.stream();
  EXPECT_EQ(rules.symbols_in_url, 100u);
  EXPECT_EQ(rules.max_symbols, 1024u);
  EXPECT_EQ(rules.message_spacing, 250ms) << "4 a second, under Binance's 5";
  EXPECT_EQ(rules.planned_reconnect, 23h) << "before Binance's 24-hour cut";
  EXPECT_EQ(rules.silence_timeout, 0ms) << "Binance sends no heartbeats";
}

TEST(binance_protocol, reads_trades_shutdowns_replies_and_garbage) {
  binance_protocol protocol;
  auto trade = protocol.read(
      R"({"stream":"btcusdt@aggTrade","data":{"e":"aggTrade","E":2,"s":"BTCUSDT","a":1,"p":"9999999999.99999999","q":"1","f":1,"l":1,"T":1,"m":true,"M":true}})");
  ASSERT_EQ(trade.trades.size(), 1u);
  EXPECT_EQ(trade.trades[0].value.units(), 999'999'999'999'999'999);
  EXPECT_EQ(trade.trades[0].trade_time, from_unix_millis(1));
  EXPECT_FALSE(trade.unreadable);

  EXPECT_TRUE(protocol.read(R"({"stream":"!serverShutdown","data":{"e":"serverShutdown","E":1}})").reconnect);
  const auto reply_message = protocol.read(R"({"result":null,"id":1})");
  EXPECT_TRUE(reply_message.trades.empty());
  EXPECT_FALSE(reply_message.unreadable);
  EXPECT_FALSE(reply_message.note.empty());
  EXPECT_TRUE(protocol.read("{oops").unreadable);
  EXPECT_TRUE(protocol.read(R"({"e":"aggTrade","s":"BTCUSDT","p":"abc","T":1})").unreadable);
}

TEST(binance_protocol, asks_every_symbol_in_one_ticker_request) {
  binance_protocol protocol;
  const std::vector<std::string> symbols{"BTCUSDT", "ETHUSDT"};
  const auto requests = protocol.ticker_requests(symbols);
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].symbols, symbols);
  EXPECT_EQ(requests[0].target, "/api/v3/ticker/price?symbols=%5B%22BTCUSDT%22%2C%22ETHUSDT%22%5D");
  EXPECT_TRUE(protocol.ticker_requests({}).empty());
}

TEST(binance_protocol, reads_ticker_prices_unknown_symbols_and_rate_limits) {
  binance_protocol protocol;
  const std::vector<std::string> asked{"BTCUSDT"};
  const auto prices = protocol.read_tickers(reply(200, R"({"symbol":"BTCUSDT","price":"51000.50000000"})"), asked);
  ASSERT_EQ(prices.status, rest_status::ok);
  ASSERT_EQ(prices.value.size(), 1u);
  EXPECT_EQ(prices.value[0].value.units(), 5'100'050'000'000);
  EXPECT_FALSE(prices.value[0].trade_time) << "Binance's ticker says nothing of when it traded";

  EXPECT_EQ(protocol.read_tickers(reply(400, R"({"code":-1121,"msg":"Invalid symbol."})"), asked).status,
            rest_status::unknown_symbol);
  const auto limited = protocol.read_tickers(reply(429, R"({"code":-1003,"msg":"Too many requests."})", 7s), asked);
  EXPECT_EQ(limited.status, rest_status::rate_limited);
  EXPECT_EQ(limited.retry_after, 7s);
  EXPECT_EQ(protocol.read_tickers(reply(418, "{}", 120s), asked).status, rest_status::rate_limited);
  EXPECT_EQ(protocol.read_tickers(reply(500, "oops"), asked).status, rest_status::unusable);
  EXPECT_EQ(protocol.read_tickers(reply(200, R"({"symbol":"BTCUSDT","price":1})"), asked).status, rest_status::unusable);
}

TEST(binance_protocol, reads_the_klines_of_a_gap) {
  binance_protocol protocol;
  EXPECT_EQ(protocol.candles_target("BTCUSDT", from_unix_millis(1000), from_unix_millis(5000)),
            "/api/v3/klines?symbol=BTCUSDT&interval=1s&startTime=1000&endTime=5000&limit=1000");
  EXPECT_EQ(protocol.rest().candle_length, 1s);
  const auto candles = protocol.read_candles(reply(
      200, R"([[1000,"50000.0","52000.12345678","49000.5","50000.0","1",1999,"1",1,"0","0","0"]])"));
  ASSERT_EQ(candles.status, rest_status::ok);
  ASSERT_EQ(candles.value.size(), 1u);
  EXPECT_EQ(candles.value[0].open, from_unix_millis(1000));
  EXPECT_EQ(candles.value[0].high.units(), 5'200'012'345'678);
  EXPECT_EQ(candles.value[0].low.units(), 4'900'050'000'000);
  EXPECT_EQ(protocol.read_candles(reply(429, "", 3s)).status, rest_status::rate_limited);
  EXPECT_EQ(protocol.read_candles(reply(200, "[[1]]")).status, rest_status::unusable);
}

TEST(binance_protocol, binance_us_reads_gaps_from_minute_klines) {
  binance_protocol protocol(binance_us_options);
  EXPECT_EQ(protocol.rest().candle_length, 1min);
  EXPECT_EQ(protocol.candles_target("BTCUSD", from_unix_millis(0), from_unix_millis(60000)),
            "/api/v3/klines?symbol=BTCUSD&interval=1m&startTime=0&endTime=60000&limit=1000");
}

TEST(binance_protocol, lists_the_symbols_of_exchange_info) {
  binance_protocol protocol;
  EXPECT_EQ(protocol.instruments_target(), "/api/v3/exchangeInfo");
  const auto list = protocol.read_instruments(reply(
      200, R"({"timezone":"UTC","symbols":[{"symbol":"BTCUSDT","status":"TRADING"},{"symbol":"LUNAUSDT","status":"BREAK"}]})"));
  ASSERT_EQ(list.status, rest_status::ok);
  ASSERT_EQ(list.value.size(), 2u);
  EXPECT_EQ(list.value[0].symbol, "BTCUSDT");
  EXPECT_EQ(list.value[0].rest_name, "BTCUSDT");
  EXPECT_EQ(list.value[1].symbol, "LUNAUSDT") << "a halted symbol is still known";
  EXPECT_EQ(protocol.read_instruments(reply(200, R"({"symbols":[{"status":"TRADING"}]})")).status,
            rest_status::unusable);
  EXPECT_EQ(protocol.read_instruments(reply(200, "[]")).status, rest_status::unusable);
  EXPECT_EQ(protocol.read_instruments(reply(429, "", 5s)).status, rest_status::rate_limited);
}

}  // namespace
}  // namespace pricewatch::binance
