// Tests the words of an alert's condition and status, both ways.
#include "alerts/alert.hpp"

#include <gtest/gtest.h>

namespace pricewatch {
namespace {

TEST(alert_condition_text, round_trips) {
  EXPECT_EQ(to_string(alert_condition::above), "above");
  EXPECT_EQ(to_string(alert_condition::below), "below");
  EXPECT_EQ(parse_condition("above"), alert_condition::above);
  EXPECT_EQ(parse_condition("below"), alert_condition::below);
}

TEST(alert_condition_text, refuses_other_words) {
  EXPECT_EQ(parse_condition("Above"), std::nullopt);
  EXPECT_EQ(parse_condition(""), std::nullopt);
  EXPECT_EQ(parse_condition("above "), std::nullopt);
  EXPECT_EQ(parse_condition("greater"), std::nullopt);
}

TEST(alert_status_text, round_trips) {
  EXPECT_EQ(to_string(alert_status::created), "created");
  EXPECT_EQ(to_string(alert_status::triggered), "triggered");
  EXPECT_EQ(to_string(alert_status::deleted), "deleted");
  for (const auto status : {alert_status::created, alert_status::triggered, alert_status::deleted}) {
    EXPECT_EQ(parse_status(to_string(status)), status);
  }
}

TEST(alert_status_text, refuses_other_words) {
  EXPECT_EQ(parse_status("active"), std::nullopt);
  EXPECT_EQ(parse_status("Created"), std::nullopt);
  EXPECT_EQ(parse_status(""), std::nullopt);
}

TEST(alert_request_defaults, are_btcusdt_above) {
  const alert_request request;
  EXPECT_EQ(request.symbol, "BTCUSDT");
  EXPECT_EQ(request.condition, alert_condition::above);
}

}  // namespace
}  // namespace pricewatch
