// Tests reading Coinbase Exchange's messages: matches and last_match exactly, heartbeats,
// subscription acknowledgements, errors, the REST ticker, candles (numbers, read exactly),
// products and error bodies, and that malformed ones are refused.
#include "feed/coinbase/coinbase_messages.hpp"

#include "core/time_format.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pricewatch::coinbase {
namespace {

const std::string match_text =
    R"({"type":"match","trade_id":10,"sequence":50,"maker_order_id":"ac928c66-ca53-498f-9c13-a110027a60e8",)"
    R"("taker_order_id":"132fb6ae-456b-4654-b4e0-d681ac05cea1","time":"2014-11-07T08:19:27.028459Z",)"
    R"("product_id":"BTC-USD","size":"5.23512","price":"9999999999.99999999","side":"sell"})";

std::string match_with(const std::string& fields) {
  return R"({"type":"match","product_id":"BTC-USD","trade_id":1,"sequence":2,)" + fields + "}";
}

TEST(parse_feed_message, reads_a_match_exactly) {
  const auto message = parse_feed_message(match_text);
  ASSERT_EQ(message.kind, message_kind::match) << message.text;
  ASSERT_TRUE(message.trade);
  EXPECT_EQ(message.trade->product, "BTC-USD");
  EXPECT_EQ(message.trade->value.units(), 999'999'999'999'999'999);
  EXPECT_EQ(message.trade->time, *parse_rfc3339("2014-11-07T08:19:27.028459Z"));
  EXPECT_EQ(message.trade->trade_id, 10);
  EXPECT_EQ(message.trade->sequence, 50);
}

TEST(parse_feed_message, a_last_match_is_a_match) {
  const auto message = parse_feed_message(
      R"({"type":"last_match","trade_id":9,"sequence":40,"time":"2014-11-07T08:19:26Z","product_id":"ETH-EUR","size":"1","price":"2000.01","side":"buy"})");
  ASSERT_EQ(message.kind, message_kind::match) << message.text;
  EXPECT_EQ(message.trade->product, "ETH-EUR");
  EXPECT_EQ(message.trade->value.units(), 200'001'000'000);
}

TEST(parse_feed_message, matches_with_bad_fields_are_bad_matches) {
  for (const auto& fields :
       {R"("time":"2014-11-07T08:19:27Z")", R"("price":"400.23")", R"("price":"abc","time":"2014-11-07T08:19:27Z")",
        R"("price":"-1","time":"2014-11-07T08:19:27Z")", R"("price":400.23,"time":"2014-11-07T08:19:27Z")",
        R"("price":"1e5","time":"2014-11-07T08:19:27Z")", R"("price":"400.23","time":"yesterday")",
        R"("price":"400.23","time":1415348367)", R"("price":"99999999999999999999","time":"2014-11-07T08:19:27Z")"}) {
    const auto message = parse_feed_message(match_with(fields));
    EXPECT_EQ(message.kind, message_kind::bad_match) << fields;
    EXPECT_FALSE(message.trade) << fields;
    EXPECT_FALSE(message.text.empty()) << fields;
  }
  EXPECT_EQ(parse_feed_message(R"({"type":"match","price":"1","time":"2014-11-07T08:19:27Z","sequence":1})").kind,
            message_kind::bad_match);  // no product or trade id
  EXPECT_EQ(parse_feed_message(R"({"type":"match","product_id":"BTC-USD","trade_id":"1","sequence":2,"price":"1","time":"2014-11-07T08:19:27Z"})").kind,
            message_kind::bad_match);
}

TEST(parse_feed_message, reads_a_heartbeat) {
  const auto message = parse_feed_message(
      R"({"type":"heartbeat","sequence":90,"last_trade_id":20,"product_id":"BTC-USD","time":"2014-11-07T08:19:28.464459Z"})");
  ASSERT_EQ(message.kind, message_kind::heartbeat) << message.text;
  EXPECT_EQ(message.beat->product, "BTC-USD");
  EXPECT_EQ(message.beat->sequence, 90);
  EXPECT_EQ(message.beat->last_trade_id, 20);
  EXPECT_EQ(message.beat->time, *parse_rfc3339("2014-11-07T08:19:28.464459Z"));
  EXPECT_EQ(parse_feed_message(R"({"type":"heartbeat","sequence":90,"product_id":"BTC-USD","time":"2014-11-07T08:19:28Z"})").kind,
            message_kind::malformed);
}

TEST(parse_feed_message, reads_acknowledgements_and_errors) {
  const auto ack = parse_feed_message(
      R"({"type":"subscriptions","channels":[{"name":"matches","product_ids":["BTC-USD"]},{"name":"heartbeat","product_ids":["BTC-USD"]}]})");
  EXPECT_EQ(ack.kind, message_kind::subscriptions);
  EXPECT_NE(ack.text.find("BTC-USD"), std::string::npos);

  const auto refused = parse_feed_message(R"({"type":"error","message":"Failed to subscribe","reason":"BTC-FOO is not a valid product"})");
  EXPECT_EQ(refused.kind, message_kind::error);
  EXPECT_EQ(refused.refused_product, "BTC-FOO");
  EXPECT_EQ(refused.text, "Failed to subscribe: BTC-FOO is not a valid product");

  const auto other = parse_feed_message(R"({"type":"error","message":"ErrSlowRead"})");
  EXPECT_EQ(other.kind, message_kind::error);
  EXPECT_FALSE(other.refused_product);
  EXPECT_EQ(other.text, "ErrSlowRead");
}

TEST(parse_feed_message, other_types_are_ignored_and_garbage_is_malformed) {
  EXPECT_EQ(parse_feed_message(R"({"type":"status","products":[]})").kind, message_kind::other);
  for (const auto* text : {"{oops", "[]", "42", R"({"product_id":"BTC-USD"})", R"({"type":7})", ""}) {
    const auto message = parse_feed_message(text);
    EXPECT_EQ(message.kind, message_kind::malformed) << text;
    EXPECT_FALSE(message.text.empty()) << text;
  }
}

TEST(subscription_message, asks_for_matches_and_heartbeats) {
  const std::vector<std::string> products{"BTC-USD", "ETH-EUR"};
  EXPECT_EQ(subscription_message(products, subscription_change::subscribe),
            R"({"type":"subscribe","product_ids":["BTC-USD","ETH-EUR"],"channels":["matches","heartbeat"]})");
  EXPECT_EQ(subscription_message(std::vector<std::string>{"BTC-USD"}, subscription_change::unsubscribe),
            R"({"type":"unsubscribe","product_ids":["BTC-USD"],"channels":["matches","heartbeat"]})");
}

TEST(parse_ticker, reads_the_last_trade_and_its_time) {
  const auto quote = parse_ticker(
      R"({"ask":"6267.71","bid":"6265.15","volume":"53602.03940154","trade_id":86326522,"price":"6268.48","size":"0.00698254","time":"2020-03-20T00:22:57.833897Z"})");
  ASSERT_TRUE(quote) << quote.error().message;
  EXPECT_EQ(quote->value.units(), 626'848'000'000);
  EXPECT_EQ(quote->time, *parse_rfc3339("2020-03-20T00:22:57.833897Z"));
  EXPECT_FALSE(parse_ticker(R"({"price":"6268.48"})"));
  EXPECT_FALSE(parse_ticker(R"({"price":6268.48,"time":"2020-03-20T00:22:57Z"})"));
  EXPECT_FALSE(parse_ticker("[]"));
}

TEST(parse_candles, reads_numbers_exactly_and_sorts_oldest_first) {
  const auto candles = parse_candles(
      "[[1415398800, 0.00000001, 9999999999.99999999, 0.32, 4.2, 12.3],"
      " [1415398740, 0.32, 4.2, 0.35, 0.5, 1]]");
  ASSERT_TRUE(candles) << candles.error().message;
  ASSERT_EQ(candles->size(), 2u);
  EXPECT_EQ((*candles)[0].open, from_unix_millis(1415398740000));
  EXPECT_EQ((*candles)[0].low.units(), 32'000'000);
  EXPECT_EQ((*candles)[0].high.units(), 420'000'000);
  EXPECT_EQ((*candles)[1].open, from_unix_millis(1415398800000));
  EXPECT_EQ((*candles)[1].low.units(), 1);
  EXPECT_EQ((*candles)[1].high.units(), 999'999'999'999'999'999);
  EXPECT_TRUE(parse_candles("[]"));
}

TEST(parse_candles, refuses_strings_short_rows_and_fractional_times) {
  for (const auto* body : {R"([[1415398800,"0.32","4.2",0.35,0.5,1]])", "[[1415398800,0.32]]",
                           "[[1415398800.5,0.32,4.2,0.35,0.5,1]]", "[[1415398800,-0.32,4.2,0.35,0.5,1]]",
                           R"({"message":"granularity too small for the requested time range"})", "[1,2]"}) {
    EXPECT_FALSE(parse_candles(body)) << body;
  }
}

TEST(parse_products, lists_every_product_id) {
  const auto ids = parse_products(
      R"([{"id":"BTC-USD","base_currency":"BTC","quote_currency":"USD","status":"online"},{"id":"LUNA-USD","status":"delisted"}])");
  ASSERT_TRUE(ids);
  EXPECT_EQ(*ids, (std::vector<std::string>{"BTC-USD", "LUNA-USD"}));
  EXPECT_FALSE(parse_products(R"([{"status":"online"}])"));
  EXPECT_FALSE(parse_products(R"({"message":"NotFound"})"));
}

TEST(parse_error, reads_the_message_of_an_error_body) {
  EXPECT_EQ(parse_error(R"({"message":"NotFound"})"), "NotFound");
  EXPECT_FALSE(parse_error("<html>"));
  EXPECT_FALSE(parse_error(R"({"code":1})"));
}

}  // namespace
}  // namespace pricewatch::coinbase
