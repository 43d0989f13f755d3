// Tests Kraken's protocol as the shared feed uses it: subscribe messages, ticks from trades,
// gaps from jumps in trade ids, snapshots as a baseline only, refusals, status, REST names
// learned from the asset pairs, and how REST answers and their error lists are read.
#include "feed/kraken/kraken_protocol.hpp"

#include "core/time_format.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pricewatch::kraken {
namespace {

using namespace std::chrono_literals;

std::string trades(const std::string& type, const std::string& symbol, int trade_id, const std::string& time,
                   const std::string& price = "30000.5") {
  return R"({"channel":"trade","type":")" + type + R"(","data":[{"symbol":")" + symbol + R"(","side":"buy","price":)" +
         price + R"(,"qty":1.0,"ord_type":"market","trade_id":)" + std::to_string(trade_id) + R"(,"timestamp":")" + time +
         R"("}]})";
}

time_point at(const std::string& text) { return *parse_rfc3339(text); }

http_reply ok(std::string body) { return http_reply{200, std::move(body), std::nullopt}; }

TEST(kraken_protocol, connects_to_v2_and_subscribes_to_trades) {
  kraken_protocol protocol(4s);
  const std::vector<std::string> symbols{"BTC/USD"};
  EXPECT_EQ(protocol.connect_target(symbols), "") << "the endpoint's path, /v2";
  EXPECT_EQ(protocol.subscription_message(symbols, subscription_change::subscribe, 9),
            R"({"method":"subscribe","params":{"channel":"trade","symbol":["BTC/USD"],"snapshot":false},"req_id":9})");
  EXPECT_EQ(protocol.stream().silence_timeout, 4s);
}

TEST(kraken_protocol, reports_trades_and_a_jump_in_trade_ids) {
  kraken_protocol protocol(5s);
  const auto first = protocol.read(trades("update", "BTC/USD", 100, "2024-01-01T00:00:01Z", "9999999999.99999999"));
  ASSERT_EQ(first.trades.size(), 1u);
  EXPECT_EQ(first.trades[0].symbol, "BTC/USD");
  EXPECT_EQ(first.trades[0].value.units(), 999'999'999'999'999'999);
  EXPECT_EQ(first.trades[0].trade_time, at("2024-01-01T00:00:01Z"));
  EXPECT_TRUE(protocol.read(trades("update", "BTC/USD", 101, "2024-01-01T00:00:02Z")).missed.empty());
  const auto jump = protocol.read(trades("update", "BTC/USD", 105, "2024-01-01T00:00:09Z"));
  ASSERT_EQ(jump.missed.size(), 1u);
  EXPECT_EQ(jump.missed[0].symbol, "BTC/USD");
  EXPECT_EQ(jump.missed[0].from, at("2024-01-01T00:00:02Z"));
  EXPECT_EQ(jump.missed[0].until, at("2024-01-01T00:00:09Z"));
  EXPECT_EQ(jump.trades.size(), 1u);
  EXPECT_TRUE(protocol.read(trades("update", "BTC/USD", 103, "2024-01-01T00:00:05Z")).trades.empty())
      << "a repeated trade is dropped";
  protocol.on_connected();
  EXPECT_TRUE(protocol.read(trades("update", "BTC/USD", 200, "2024-01-01T00:10:00Z")).missed.empty())
      << "after a reconnect the count starts over";
}

TEST(kraken_protocol, a_snapshot_is_a_baseline_and_not_prices) {
  kraken_protocol protocol(5s);
  const auto snapshot = protocol.read(trades("snapshot", "ETH/USD", 50, "2024-01-01T00:00:00Z"));
  EXPECT_TRUE(snapshot.trades.empty());
  EXPECT_FALSE(snapshot.unreadable);
  EXPECT_EQ(protocol.read(trades("update", "ETH/USD", 52, "2024-01-01T00:00:30Z")).missed.size(), 1u);
}

TEST(kraken_protocol, heartbeats_status_refusals_and_garbage) {
  kraken_protocol protocol(5s);
  EXPECT_TRUE(protocol.read(R"({"channel":"heartbeat"})").heartbeat);
  const auto online = protocol.read(R"({"channel":"status","data":[{"system":"online","api_version":"v2"}],"type":"update"})");
  EXPECT_EQ(online.level, note_level::info);
  const auto maintenance = protocol.read(R"({"channel":"status","data":[{"system":"maintenance"}],"type":"update"})");
  EXPECT_EQ(maintenance.level, note_level::warning);
  EXPECT_FALSE(maintenance.reconnect) << "waited out, not fought";
  const auto refused = protocol.read(
      R"({"error":"Currency pair not supported BTC/FOO","method":"subscribe","success":false,"symbol":"BTC/FOO"})");
  EXPECT_EQ(refused.refused_symbols, std::vector<std::string>{"BTC/FOO"});
  EXPECT_FALSE(refused.resubscribe) << "Kraken refuses symbol by symbol";
  EXPECT_TRUE(protocol.read("{oops").unreadable);
  EXPECT_TRUE(protocol.read(trades("update", "BTC/USD", 1, "2024-01-01T00:00:01Z", "\"1\"")).unreadable);
}

TEST(kraken_protocol, names_pairs_in_rest_as_the_asset_pairs_teach_it) {
  kraken_protocol protocol(5s);
  EXPECT_TRUE(protocol.needs_instruments());
  EXPECT_EQ(protocol.instruments_target(), "/0/public/AssetPairs?assetVersion=1");
  EXPECT_EQ(protocol.rest_name("BTC/USD"), "BTCUSD") << "before the list is known";
  const auto list = protocol.read_instruments(ok(R"({"error":[],"result":{"BTC/USD":{"altname":"XBTUSD","wsname":"XBT/USD"}}})"));
  ASSERT_EQ(list.status, rest_status::ok) << list.problem;
  protocol.learn(list.value);
  EXPECT_EQ(protocol.rest_name("BTC/USD"), "XBTUSD");
  const std::vector<std::string> symbols{"BTC/USD", "ETH/USD"};
  const auto requests = protocol.ticker_requests(symbols);
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].target, "/0/public/Ticker?pair=XBTUSD,ETHUSD&assetVersion=1");
  EXPECT_EQ(requests[0].symbols, symbols);
  EXPECT_EQ(protocol.candles_target("BTC/USD", at("2024-01-01T00:00:00Z"), at("2024-01-01T00:05:00Z")),
            "/0/public/OHLC?pair=XBTUSD&interval=1&since=1704067199&assetVersion=1");
  EXPECT_EQ(protocol.rest().request_spacing, 1s) << "about one public request a second";
  EXPECT_EQ(protocol.rest().candle_length, 1min);
}

TEST(kraken_protocol, splits_long_ticker_lists) {
  kraken_protocol protocol(5s);
  std::vector<std::string> symbols;
  for (int i = 0; i < 120; ++i) symbols.push_back("C" + std::to_string(i) + "/USD");
  const auto requests = protocol.ticker_requests(symbols);
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].symbols.size(), 50u);
  EXPECT_EQ(requests[2].symbols.size(), 20u);
}

TEST(kraken_protocol, reads_tickers_and_classifies_error_lists) {
  kraken_protocol protocol(5s);
  protocol.learn({instrument{"BTC/USD", "XBTUSD"}});
  const std::vector<std::string> asked{"BTC/USD", "ETH/USD"};
  const auto prices = protocol.read_tickers(
      ok(R"({"error":[],"result":{"BTC/USD":{"c":["30303.20000","0.1"]},"ETHUSD":{"c":["2000.5","1"]}}})"), asked);
  ASSERT_EQ(prices.status, rest_status::ok) << prices.problem;
  ASSERT_EQ(prices.value.size(), 2u);
  EXPECT_EQ(prices.value[0].symbol, "BTC/USD");
  EXPECT_EQ(prices.value[0].value.units(), 3'030'320'000'000);
  EXPECT_FALSE(prices.value[0].trade_time);
  EXPECT_EQ(prices.value[1].symbol, "ETH/USD") << "named by its REST name";

  EXPECT_EQ(protocol.read_tickers(ok(R"({"error":["EQuery:Unknown asset pair"]})"), asked).status,
            rest_status::unknown_symbol);
  EXPECT_EQ(protocol.read_tickers(ok(R"({"error":["EGeneral:Too many requests"]})"), asked).status,
            rest_status::rate_limited);
  EXPECT_EQ(protocol.read_tickers(ok(R"({"error":["EAPI:Rate limit exceeded"]})"), asked).status,
            rest_status::rate_limited);
  EXPECT_EQ(protocol.read_tickers(http_reply{429, "", 3s}, asked).status, rest_status::rate_limited);
  const auto busy = protocol.read_tickers(ok(R"({"error":["EService:Unavailable"]})"), asked);
  EXPECT_EQ(busy.status, rest_status::unusable);
  EXPECT_EQ(busy.problem, "EService:Unavailable");
  EXPECT_EQ(protocol.read_tickers(http_reply{502, "", std::nullopt}, asked).status, rest_status::unusable);
}

TEST(kraken_protocol, reads_candles) {
  kraken_protocol protocol(5s);
  const auto candles = protocol.read_candles(
      ok(R"({"error":[],"result":{"BTC/USD":[[1704067200,"1","2.5","0.5","1","1","1",1]],"last":1704067200}})"));
  ASSERT_EQ(candles.status, rest_status::ok) << candles.problem;
  ASSERT_EQ(candles.value.size(), 1u);
  EXPECT_EQ(candles.value[0].high.units(), 250'000'000);
  EXPECT_EQ(candles.value[0].low.units(), 50'000'000);
  EXPECT_EQ(protocol.read_candles(ok(R"({"error":["EGeneral:Invalid arguments"]})")).status, rest_status::unusable);
}

}  // namespace
}  // namespace pricewatch::kraken
