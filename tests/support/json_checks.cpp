#include "json_checks.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <set>

namespace pricewatch::test_support {

boost::json::value parse_json(std::string_view text) {
  boost::system::error_code error;
  boost::json::value value = boost::json::parse(text, error);
  if (error) {
    ADD_FAILURE() << "not JSON (" << error.message() << "): " << text;
    return nullptr;
  }
  return value;
}

std::int64_t integer_of(const boost::json::value& value) {
  if (value.is_int64()) return value.as_int64();
  if (value.is_uint64() && value.as_uint64() <= INT64_MAX) return static_cast<std::int64_t>(value.as_uint64());
  ADD_FAILURE() << "not an integer: " << boost::json::serialize(value);
  return 0;
}

std::string string_of(const boost::json::value& value) {
  if (value.is_string()) return std::string(value.as_string());
  ADD_FAILURE() << "not a string: " << boost::json::serialize(value);
  return {};
}

boost::json::value member(const boost::json::value& value, std::string_view key) {
  if (!value.is_object()) return nullptr;
  const auto* found = value.as_object().if_contains(key);
  return found != nullptr ? *found : boost::json::value(nullptr);
}

void expect_keys(const boost::json::value& value, std::initializer_list<std::string_view> keys) {
  ASSERT_TRUE(value.is_object()) << "not an object: " << boost::json::serialize(value);
  std::set<std::string, std::less<>> actual;
  for (const auto& entry : value.as_object()) actual.emplace(entry.key());
  const std::set<std::string, std::less<>> expected(keys.begin(), keys.end());
  EXPECT_EQ(actual, expected) << "in " << boost::json::serialize(value);
}

void expect_v1_alert_keys(const boost::json::value& value) {
  expect_keys(value, {"id", "exchange", "symbol", "condition", "price", "percent", "window", "frequency",
                      "cooldown_seconds", "expires_at", "note", "status", "created_at", "triggered_at", "triggered_price", "fire_count",
                      "last_fired_at", "last_fired_price", "channels", "notification"});
}

}  // namespace pricewatch::test_support
