// What /api/v1/alerts answers for one alert (DESIGN.md 3.2): create with its location, the alert
// object, field validation, and that only the owner sees or deletes it.
#include "api_harness.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

namespace pricewatch {
namespace {

using boost::json::value;
using test_support::api_harness;
using test_support::bearer;
using test_support::expect_keys;
using test_support::expect_v1_alert_keys;
using test_support::expect_v1_error;
using test_support::header_of;
using test_support::integer_of;
using test_support::json_of;
using test_support::member;

bool is_rfc3339_utc(const value& text) {
  static const std::regex format(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z)");
  return text.is_string() && std::regex_match(std::string(text.as_string()), format);
}

class v1_alert_routes : public ::testing::Test {
 protected:
  api_harness api;
};

TEST_F(v1_alert_routes, creates_an_alert_at_its_location) {
  const auto user = api.register_and_login("v1create@example.com");
  const auto created =
      api.post("/api/v1/alerts", R"({"symbol":"ETHUSDT","condition":"below","price":"1800.5"})", bearer(user.token));
  ASSERT_EQ(created.status, 201u) << created.body;
  const value alert = json_of(created);
  expect_v1_alert_keys(alert);
  const std::int64_t id = integer_of(member(alert, "id"));
  EXPECT_EQ(header_of(created, "Location").value_or(""), "/api/v1/alerts/" + std::to_string(id));
  EXPECT_EQ(member(alert, "symbol"), value("ETHUSDT"));
  EXPECT_EQ(member(alert, "condition"), value("below"));
  EXPECT_EQ(member(alert, "price"), value("1800.5"));
  EXPECT_EQ(member(alert, "status"), value("created"));
  EXPECT_TRUE(is_rfc3339_utc(member(alert, "created_at"))) << created.body;
  for (const char* empty : {"triggered_at", "triggered_price", "notification", "percent", "window", "expires_at",
                            "last_fired_at", "last_fired_price"}) {
    EXPECT_TRUE(alert.as_object().contains(empty) && member(alert, empty).is_null()) << empty;
  }
  const auto fetched = api.get("/api/v1/alerts/" + std::to_string(id), bearer(user.token));
  EXPECT_EQ(fetched.status, 200u) << fetched.body;
  EXPECT_EQ(json_of(fetched), alert);

  const auto defaulted = api.post("/api/v1/alerts", R"({"price": "51000"})", bearer(user.token));
  EXPECT_EQ(defaulted.status, 201u) << defaulted.body;
  EXPECT_EQ(member(json_of(defaulted), "symbol"), value("BTCUSDT"));
  EXPECT_EQ(member(json_of(defaulted), "condition"), value("above"));
}

TEST_F(v1_alert_routes, refuses_invalid_fields) {
  const auto user = api.register_and_login("v1invalid@example.com");
  const std::vector<std::string> bodies{
      R"({"symbol": "ethusdt", "price": "1"})",  R"({"symbol": "B", "price": "1"})",
      R"({"symbol": "ABCDEFGHIJKLMNOPQRSTU", "price": "1"})", R"({"symbol": "BTC-USDT", "price": "1"})",
      R"({"symbol": 5, "price": "1"})",          R"({"condition": "sideways", "price": "1"})",
      R"({"condition": 1, "price": "1"})",       R"({"price": "abc"})",
      R"({"price": 0})",                         R"({"price": "-1"})",
      R"({"price": "1.123456789"})",             R"({"price": null})",
      R"({"symbol": "BTCUSDT"})",                R"({"price": true})",
  };
  for (const auto& request : bodies) {
    SCOPED_TRACE(request);
    expect_v1_error(api.post("/api/v1/alerts", request, bearer(user.token)), 400, "validation_failed");
  }
  EXPECT_EQ(member(json_of(api.get("/api/v1/alerts", bearer(user.token))), "count"), value(0));
}

// JSON.stringify(50000 * 1.1) is 55000.00000000001: a JSON number's floating-point noise is rounded
// half-even to 8 decimals; a string keeps the documented rule (at most 8 decimals, digits only).
TEST_F(v1_alert_routes, rounds_json_numbers_but_not_strings) {
  const auto user = api.register_and_login("v1rounding@example.com");
  const auto noisy = api.post("/api/v1/alerts", R"({"price": 55000.00000000001})", bearer(user.token));
  EXPECT_EQ(noisy.status, 201u) << noisy.body;
  EXPECT_EQ(member(json_of(noisy), "price"), value("55000")) << noisy.body;
  const auto tie = api.post("/api/v1/alerts", R"({"price": 1.123456785})", bearer(user.token));
  EXPECT_EQ(member(json_of(tie), "price"), value("1.12345678")) << tie.body;
  for (const char* request : {R"({"price": "55000.00000000001"})", R"({"price": " 5"})", R"({"price": "1e3"})"}) {
    SCOPED_TRACE(request);
    expect_v1_error(api.post("/api/v1/alerts", request, bearer(user.token)), 400, "validation_failed");
  }
}

TEST_F(v1_alert_routes, shows_and_deletes_only_the_owners_alert) {
  const auto owner = api.register_and_login("v1owner@example.com");
  const auto other = api.register_and_login("v1other@example.com");
  const auto created = api.post("/api/v1/alerts", R"({"price": "51000"})", bearer(owner.token));
  const std::string path = "/api/v1/alerts/" + std::to_string(integer_of(member(json_of(created), "id")));
  expect_v1_error(api.get(path, bearer(other.token)), 404, "not_found");
  expect_v1_error(api.remove(path, bearer(other.token)), 404, "not_found");
  expect_v1_error(api.get("/api/v1/alerts/999999999", bearer(owner.token)), 404, "not_found");
  expect_v1_error(api.get("/api/v1/alerts/abc", bearer(owner.token)), 404, "not_found");
  EXPECT_EQ(member(json_of(api.get(path, bearer(owner.token))), "status"), value("created"));

  const auto deleted = api.remove(path, bearer(owner.token));
  EXPECT_EQ(deleted.status, 204u) << deleted.body;
  EXPECT_TRUE(deleted.body.empty()) << deleted.body;
  const auto after = api.get(path, bearer(owner.token));
  EXPECT_EQ(after.status, 200u) << after.body;
  EXPECT_EQ(member(json_of(after), "status"), value("deleted"));
}

}  // namespace
}  // namespace pricewatch
