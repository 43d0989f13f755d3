// Reading and checking JSON bodies in tests, shared by the unit tests of the routes (api_harness)
// and the end-to-end tests (which link nothing of pricewatch's, so neither does this). Each
// records a test failure, rather than throwing, when a body is not what it should be.
#pragma once

#include <boost/json/value.hpp>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace pricewatch::test_support {

// Parses JSON text; records a test failure naming the text and returns null when it is not JSON.
boost::json::value parse_json(std::string_view text);

// The value of an integer JSON member, or 0 and a failure.
std::int64_t integer_of(const boost::json::value& value);
// A string member's text, or "" and a failure.
std::string string_of(const boost::json::value& value);
// value[key] of an object, or null (no failure) when absent or not an object.
boost::json::value member(const boost::json::value& value, std::string_view key);

// Expects an object with exactly these keys.
void expect_keys(const boost::json::value& value, std::initializer_list<std::string_view> keys);

// Expects an /api/v1 alert object (DESIGN.md section 9): exactly its keys.
void expect_v1_alert_keys(const boost::json::value& value);

}  // namespace pricewatch::test_support
