// Tests Coinbase's protocol as the shared feed uses it: the feed's URL and subscribe messages,
// ticks from matches, gaps from jumps in trade ids (matches and heartbeats), late messages
// dropped by sequence number, refused products, and how REST answers are read.
#include "feed/coinbase/coinbase_protocol.hpp"

#include "core/time_format.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pricewatch::coinbase {
namespace {

using namespace std::chrono_literals;

std::string match(const std::string& product, int trade_id, int sequence, const std::string& time,
                  const std::string& price = "100.5") {
  return R"({"type":"match","trade_id":)" + std::to_string(trade_id) + R"(,"sequence":)" + std::to_string(sequence) +
         R"(,"maker_order_id":"m","taker_order_id":"t","time":")" + time + R"(","product_id":")" + product +
         R"(","size":"1","price":")" + price + R"(","side":"buy"})";
}

std::string heartbeat(const std::string& product, int sequence, int last_trade_id, const std::string& time) {
  return R"({"type":"heartbeat","sequence":)" + std::to_string(sequence) + R"(,"last_trade_id":)" +
         std::to_string(last_trade_id) + R"(,"product_id":")" + product + R"(","time":")" + time + R"("})";
}

time_point at(const std::string& text) { return *parse_rfc3339(text); }

TEST(coinbase_protocol, connects_to_the_feed_itself_and_subscribes_to_matches_and_heartbeats) {
  coinbase_protocol protocol(3s);
  const std::vector<std::string> products{"BTC-USD"};
  EXPECT_EQ(protocol.connect_target(products), "");
  EXPECT_EQ(protocol.subscription_message(products, subscription_change::subscribe, 1),
            R"({"type":"subscribe","product_ids":["BTC-USD"],"channels":["matches","heartbeat"]})");
  const auto rules = protocol.stream();
  EXPECT_EQ(rules.symbols_in_url, 0u);
  EXPECT_EQ(rules.silence_timeout, 3s) << "heartbeats come every second";
  EXPECT_EQ(rules.planned_reconnect, 0s);
}

TEST(coinbase_protocol, reports_matches_as_ticks_and_a_jump_in_trade_ids_as_a_missed_stretch) {
  coinbase_protocol protocol(5s);
  auto first = protocol.read(match("BTC-USD", 10, 50, "2024-01-01T00:00:01Z", "9999999999.99999999"));
  ASSERT_EQ(first.trades.size(), 1u);
  EXPECT_EQ(first.trades[0].symbol, "BTC-USD");
  EXPECT_EQ(first.trades[0].value.units(), 999'999'999'999'999'999);
  EXPECT_EQ(first.trades[0].trade_time, at("2024-01-01T00:00:01Z"));
  EXPECT_TRUE(first.missed.empty());

  // Sequence numbers of the matches channel skip the full channel's other messages: no gap.
  EXPECT_TRUE(protocol.read(match("BTC-USD", 11, 57, "2024-01-01T00:00:02Z")).missed.empty());

  const auto jump = protocol.read(match("BTC-USD", 14, 60, "2024-01-01T00:00:09Z"));
  ASSERT_EQ(jump.trades.size(), 1u);
  ASSERT_EQ(jump.missed.size(), 1u);
  EXPECT_EQ(jump.missed[0].symbol, "BTC-USD");
  EXPECT_EQ(jump.missed[0].from, at("2024-01-01T00:00:02Z"));
  EXPECT_EQ(jump.missed[0].until, at("2024-01-01T00:00:09Z"));

  const auto late = protocol.read(match("BTC-USD", 12, 58, "2024-01-01T00:00:03Z"));
  EXPECT_TRUE(late.trades.empty()) << "a message older than the last one is dropped";
  EXPECT_TRUE(late.missed.empty());
  EXPECT_FALSE(late.unreadable);
}

TEST(coinbase_protocol, a_heartbeat_ahead_of_the_last_match_shows_missed_trades) {
  coinbase_protocol protocol(5s);
  (void)protocol.read(match("BTC-USD", 20, 100, "2024-01-01T00:00:01Z"));
  const auto quiet = protocol.read(heartbeat("BTC-USD", 101, 20, "2024-01-01T00:00:02Z"));
  EXPECT_TRUE(quiet.heartbeat);
  EXPECT_TRUE(quiet.missed.empty());
  EXPECT_TRUE(quiet.trades.empty());

  const auto ahead = protocol.read(heartbeat("BTC-USD", 110, 23, "2024-01-01T00:00:05Z"));
  ASSERT_EQ(ahead.missed.size(), 1u);
  EXPECT_EQ(ahead.missed[0].from, at("2024-01-01T00:00:01Z"));
  EXPECT_EQ(ahead.missed[0].until, at("2024-01-01T00:00:05Z"));
  EXPECT_TRUE(protocol.read(heartbeat("BTC-USD", 111, 23, "2024-01-01T00:00:06Z")).missed.empty())
      << "a gap is reported once";
  EXPECT_TRUE(protocol.read(match("BTC-USD", 24, 112, "2024-01-01T00:00:07Z")).missed.empty());
}

TEST(coinbase_protocol, a_first_heartbeat_or_a_new_connection_starts_the_count_over) {
  coinbase_protocol protocol(5s);
  EXPECT_TRUE(protocol.read(heartbeat("ETH-USD", 500, 70, "2024-01-01T00:00:01Z")).missed.empty());
  EXPECT_TRUE(protocol.read(match("ETH-USD", 71, 501, "2024-01-01T00:00:02Z")).missed.empty());
  (void)protocol.read(match("BTC-USD", 5, 10, "2024-01-01T00:00:01Z"));
  protocol.on_connected();
  const auto after = protocol.read(match("BTC-USD", 9, 20, "2024-01-01T00:01:00Z"));
  EXPECT_EQ(after.trades.size(), 1u);
  EXPECT_TRUE(after.missed.empty()) << "the reconnect's own gap fill covers it";
}

TEST(coinbase_protocol, an_unknown_product_is_refused_and_the_others_resubscribed) {
  coinbase_protocol protocol(5s);
  const auto refused = protocol.read(R"({"type":"error","message":"Failed to subscribe","reason":"BTC-FOO is not a valid product"})");
  EXPECT_EQ(refused.refused_symbols, std::vector<std::string>{"BTC-FOO"});
  EXPECT_TRUE(refused.resubscribe);
  EXPECT_EQ(refused.level, note_level::warning);
  const auto other = protocol.read(R"({"type":"error","message":"ErrSlowRead"})");
  EXPECT_TRUE(other.refused_symbols.empty());
  EXPECT_FALSE(other.resubscribe);
  EXPECT_FALSE(other.note.empty());
  const auto ack = protocol.read(R"({"type":"subscriptions","channels":[{"name":"matches","product_ids":["BTC-USD"]}]})");
  EXPECT_FALSE(ack.unreadable);
  EXPECT_FALSE(ack.note.empty());
}

TEST(coinbase_protocol, garbage_and_bad_matches_are_unreadable) {
  coinbase_protocol protocol(5s);
  EXPECT_TRUE(protocol.read("{oops").unreadable);
  const auto bad = protocol.read(match("BTC-USD", 1, 1, "2024-01-01T00:00:01Z", "abc"));
  EXPECT_TRUE(bad.unreadable);
  EXPECT_TRUE(bad.trades.empty());
  EXPECT_FALSE(protocol.read(R"({"type":"status"})").unreadable);
}

TEST(coinbase_protocol, asks_each_products_ticker_under_the_public_limit) {
  coinbase_protocol protocol(5s);
  const std::vector<std::string> products{"BTC-USD", "ETH-EUR"};
  const auto requests = protocol.ticker_requests(products);
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].target, "/products/BTC-USD/ticker");
  EXPECT_EQ(requests[0].symbols, std::vector<std::string>{"BTC-USD"});
  EXPECT_EQ(requests[1].target, "/products/ETH-EUR/ticker");
  EXPECT_GE(protocol.rest().request_spacing, 100ms) << "at most 10 requests a second";
}

TEST(coinbase_protocol, reads_tickers_unknown_products_and_rate_limits) {
  coinbase_protocol protocol(5s);
  const std::vector<std::string> asked{"BTC-USD"};
  const auto quote = protocol.read_tickers(
      http_reply{200, R"({"trade_id":3,"price":"51000.12345678","size":"1","time":"2024-01-01T00:00:01.5Z"})", {}}, asked);
  ASSERT_EQ(quote.status, rest_status::ok) << quote.problem;
  ASSERT_EQ(quote.value.size(), 1u);
  EXPECT_EQ(quote.value[0].symbol, "BTC-USD");
  EXPECT_EQ(quote.value[0].value.units(), 5'100'012'345'678);
  EXPECT_EQ(quote.value[0].trade_time, at("2024-01-01T00:00:01.5Z"));
  EXPECT_EQ(protocol.read_tickers(http_reply{404, R"({"message":"NotFound"})", {}}, asked).status,
            rest_status::unknown_symbol);
  const auto limited = protocol.read_tickers(http_reply{429, R"({"message":"Public rate limit exceeded"})", {}}, asked);
  EXPECT_EQ(limited.status, rest_status::rate_limited);
  EXPECT_NE(limited.problem.find("Public rate limit exceeded"), std::string::npos);
  EXPECT_EQ(protocol.read_tickers(http_reply{503, "", {}}, asked).status, rest_status::unusable);
  EXPECT_EQ(protocol.read_tickers(http_reply{200, "{}", {}}, asked).status, rest_status::unusable);
}

TEST(coinbase_protocol, reads_the_minute_candles_of_a_gap) {
  coinbase_protocol protocol(5s);
  EXPECT_EQ(protocol.rest().candle_length, 1min);
  EXPECT_EQ(protocol.rest().max_candles, 300u);
  EXPECT_EQ(protocol.candles_target("BTC-USD", at("2024-01-01T00:00:00Z"), at("2024-01-01T00:05:00Z")),
            "/products/BTC-USD/candles?granularity=60&start=2024-01-01T00:00:00.000Z&end=2024-01-01T00:05:00.000Z");
  const auto candles = protocol.read_candles(http_reply{200, "[[1704067260,49000.5,52000.25,50000,50100,3],[1704067200,50000,50000,50000,50000,1]]", {}});
  ASSERT_EQ(candles.status, rest_status::ok) << candles.problem;
  ASSERT_EQ(candles.value.size(), 2u);
  EXPECT_EQ(candles.value[1].open, at("2024-01-01T00:01:00Z"));
  EXPECT_EQ(candles.value[1].low.units(), 4'900'050'000'000);
  EXPECT_EQ(candles.value[1].high.units(), 5'200'025'000'000);
  EXPECT_EQ(protocol.read_candles(http_reply{400, R"({"message":"granularity too small for the requested time range"})", {}}).status,
            rest_status::unusable);
}

TEST(coinbase_protocol, lists_the_products) {
  coinbase_protocol protocol(5s);
  EXPECT_EQ(protocol.instruments_target(), "/products");
  const auto list = protocol.read_instruments(http_reply{200, R"([{"id":"BTC-USD","status":"online"}])", {}});
  ASSERT_EQ(list.status, rest_status::ok);
  ASSERT_EQ(list.value.size(), 1u);
  EXPECT_EQ(list.value[0].symbol, "BTC-USD");
  EXPECT_FALSE(protocol.needs_instruments());
}

}  // namespace
}  // namespace pricewatch::coinbase
