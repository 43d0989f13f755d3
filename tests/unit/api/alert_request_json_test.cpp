// Tests reading an alert request from JSON: defaults, and the field named in each failure.
#include "api/alert_request_json.hpp"

#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

namespace pricewatch::api {
namespace {

result<alert_request> read(std::string_view json) {
  return read_alert_request(boost::json::parse(json).as_object(), dialect::v1);
}

TEST(read_alert_request, defaults_to_btcusdt_above) {
  const auto request = read(R"({"price": 51000})");
  ASSERT_TRUE(request);
  EXPECT_EQ(request->symbol, "BTCUSDT");
  EXPECT_EQ(request->condition, alert_condition::above);
  EXPECT_EQ(request->target.to_string(), "51000");
  EXPECT_TRUE(read(R"({"price": 1, "symbol": null, "condition": null})"));
}

TEST(read_alert_request, reads_every_field) {
  const auto request = read(R"({"symbol": "ETHUSDT", "condition": "below", "price": "2500.5"})");
  ASSERT_TRUE(request);
  EXPECT_EQ(request->symbol, "ETHUSDT");
  EXPECT_EQ(request->condition, alert_condition::below);
  EXPECT_EQ(request->target.to_string(), "2500.5");
}

TEST(read_alert_request, names_the_field_at_fault) {
  const auto symbol = read(R"({"symbol": "btc", "price": 1})");
  ASSERT_FALSE(symbol);
  EXPECT_EQ(symbol.error().message, "Symbol must be 2 to 20 upper-case letters or digits, such as BTCUSDT.");
  EXPECT_FALSE(read(R"({"symbol": 5, "price": 1})"));
  const auto condition = read(R"({"condition": "sideways", "price": 1})");
  ASSERT_FALSE(condition);
  EXPECT_EQ(condition.error().message, "Condition must be \"above\" or \"below\".");
  const auto price = read(R"({"symbol": "BTCUSDT"})");
  ASSERT_FALSE(price);
  EXPECT_EQ(price.error().code, errc::validation_failed);
  EXPECT_EQ(price.error().message, "Price is required.");
}

}  // namespace
}  // namespace pricewatch::api
