// Tests reading an alert request from JSON: defaults, and the field named in each failure.
#include "api/alert_request_json.hpp"

#include "core/time_format.hpp"

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
  // A symbol's form is its exchange's, checked with the exchange (v1_exchange_routes_test).
  EXPECT_FALSE(read(R"({"symbol": 5, "price": 1})"));
  const auto condition = read(R"({"condition": "sideways", "price": 1})");
  ASSERT_FALSE(condition);
  EXPECT_EQ(condition.error().message,
            "condition must be one of above, below, crossing_up, crossing_down, crossing, moving_up, moving_down.");
  const auto original = read_alert_request(boost::json::parse(R"({"condition": "crossing", "price": 1})").as_object(),
                                           dialect::original);
  ASSERT_FALSE(original) << "the original routes know levels only";
  EXPECT_EQ(original.error().message, "Condition must be \"above\" or \"below\".");
  const auto price = read(R"({"symbol": "BTCUSDT"})");
  ASSERT_FALSE(price);
  EXPECT_EQ(price.error().code, errc::validation_failed);
  EXPECT_EQ(price.error().message, "Price is required.");
}

TEST(read_alert_request, reads_a_recurring_moving_alert_with_expiry_and_note) {
  const auto request = read(R"({"symbol": "ETHUSDT", "condition": "moving_down", "percent": "2.5", "window": "15m",
                                "frequency": "every_time", "cooldown_seconds": 300,
                                "expires_at": "2026-12-31T23:59:59Z", "note": "dip"})");
  ASSERT_TRUE(request) << request.error().message;
  EXPECT_EQ(request->condition, alert_condition::moving_down);
  EXPECT_EQ(request->percent_bp, 250);
  EXPECT_EQ(request->window, move_window::m15);
  EXPECT_EQ(request->target, price());
  EXPECT_EQ(request->frequency, alert_frequency::every_time);
  EXPECT_EQ(request->cooldown, std::chrono::seconds(300));
  EXPECT_EQ(request->expires_at, parse_rfc3339("2026-12-31T23:59:59Z"));
  EXPECT_EQ(request->note, "dip");
  const auto numeric = read(R"({"condition": "moving_up", "percent": 5, "window": "1h"})");
  ASSERT_TRUE(numeric);
  EXPECT_EQ(numeric->percent_bp, 500);
}

TEST(read_alert_request, names_the_v2_field_at_fault) {
  const auto message = [](std::string_view json) {
    const auto request = read(json);
    return request ? std::string("accepted") : request.error().message;
  };
  EXPECT_EQ(message(R"({"condition": "moving_up", "percent": "2.555", "window": "1h"})"),
            "Percent must be a number from 0.01 to 1000, with at most two decimals.");
  EXPECT_EQ(message(R"({"condition": "moving_up", "percent": "1000.01", "window": "1h"})"),
            "Percent must be a number from 0.01 to 1000, with at most two decimals.");
  EXPECT_EQ(message(R"({"condition": "moving_up", "percent": "5"})"),
            "A moving alert needs a window: 1m, 5m, 15m, 1h, 4h or 24h.");
  EXPECT_EQ(message(R"({"condition": "moving_up", "percent": "5", "window": "2h"})"),
            "window must be one of 1m, 5m, 15m, 1h, 4h, 24h.");
  EXPECT_EQ(message(R"({"price": 1, "frequency": "always"})"), "frequency must be \"once\" or \"every_time\".");
  EXPECT_EQ(message(R"({"price": 1, "cooldown_seconds": 9})"), "cooldown_seconds must be from 10 to 2592000 (30 days).");
  EXPECT_EQ(message(R"({"price": 1, "cooldown_seconds": 60.5})"), "cooldown_seconds must be a whole number of seconds.");
  EXPECT_EQ(message(R"({"price": 1, "expires_at": "tomorrow"})"),
            "expires_at must be an RFC 3339 time, such as 2026-12-31T23:59:59Z, or null.");
  EXPECT_EQ(message(R"({"price": 1, "note": 5})"), "note must be a string.");
  EXPECT_EQ(message(R"({"price": 1, "paused": true})"), "A new alert cannot be paused: create it, then pause it.");
}

TEST(read_alert_patch, reads_only_the_fields_given_and_null_expiry_as_none) {
  const auto patch = read_alert_patch(boost::json::parse(R"({"note": "later", "expires_at": null, "paused": true})").as_object(),
                                      dialect::v1);
  ASSERT_TRUE(patch);
  EXPECT_EQ(patch->note, "later");
  ASSERT_TRUE(patch->expires_at.has_value());
  EXPECT_FALSE(patch->expires_at->has_value());
  EXPECT_EQ(patch->paused, true);
  EXPECT_FALSE(patch->symbol);
  EXPECT_FALSE(patch->target);
  EXPECT_FALSE(patch->condition);
  const auto wrong = read_alert_patch(boost::json::parse(R"({"paused": "yes"})").as_object(), dialect::v1);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().message, "paused must be true or false.");
}

}  // namespace
}  // namespace pricewatch::api
