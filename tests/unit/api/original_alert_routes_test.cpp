// What the original service's create and delete routes answer (ORIGINAL_API.md): exact bodies,
// every path variant, price validation, and that one user cannot delete another's alert.
#include "api_harness.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace pricewatch {
namespace {

using boost::json::value;
using test_support::api_harness;
using test_support::bearer;
using test_support::expect_keys;
using test_support::expect_original_error;
using test_support::integer_of;
using test_support::json_of;
using test_support::member;
using test_support::string_of;

class original_alert_routes : public ::testing::Test {
 protected:
  // The status of one alert in the first page of the caller's list; "" when absent.
  std::string listed_status(const api_harness::user& user, std::int64_t id) {
    const auto list = api.get("/api/alerts/", bearer(user.token));
    EXPECT_EQ(list.status, 200u) << list.body;
    const value results = member(json_of(list), "results");
    if (!results.is_array()) return {};
    for (const auto& entry : results.as_array()) {
      if (member(entry, "id") == value(id)) return string_of(member(entry, "status"));
    }
    return {};
  }

  api_harness api;
};

TEST_F(original_alert_routes, creates_on_both_paths_with_the_alert_beside_the_message) {
  const auto user = api.register_and_login("create@example.com");
  std::int64_t previous_id = 0;
  for (const char* path : {"/api/alerts/create", "/api/alerts/create/"}) {
    const auto response = api.post(path, R"({"price": 51000})", bearer(user.token));
    ASSERT_EQ(response.status, 201u) << path << " -> " << response.body;
    const value body = json_of(response);
    expect_keys(body, {"message", "id", "email", "price", "status"});
    EXPECT_EQ(member(body, "message"), value("Alert created and monitoring started."));
    EXPECT_EQ(member(body, "email"), value(user.email));
    EXPECT_EQ(member(body, "price"), value("51000.00"));
    EXPECT_EQ(member(body, "status"), value("created"));
    const std::int64_t id = integer_of(member(body, "id"));
    EXPECT_GT(id, previous_id);
    previous_id = id;
  }
}

TEST_F(original_alert_routes, prints_prices_with_at_least_two_decimals) {
  const auto user = api.register_and_login("decimals@example.com");
  const std::vector<std::pair<std::string, std::string>> cases{
      {R"({"price": "51000.5"})", "51000.50"}, {R"({"price": 51000.5})", "51000.50"},
      {R"({"price": "0.00012345"})", "0.00012345"}, {R"({"price": 0.00012345})", "0.00012345"},
      {R"({"price": "100"})", "100.00"}, {R"({"price": 1.5})", "1.50"},
  };
  for (const auto& [request, printed] : cases) {
    const auto response = api.post("/api/alerts/create", request, bearer(user.token));
    EXPECT_EQ(response.status, 201u) << request << " -> " << response.body;
    EXPECT_EQ(member(json_of(response), "price"), value(printed)) << request << " -> " << response.body;
  }
}

TEST_F(original_alert_routes, takes_an_optional_symbol_and_condition) {
  const auto user = api.register_and_login("symbol@example.com");
  const std::int64_t chosen =
      api.create_alert(user.token, R"({"price": 1800, "symbol": "ETHUSDT", "condition": "below"})");
  const std::int64_t defaulted = api.create_alert(user.token, R"({"price": 100})");
  const value chosen_alert = json_of(api.get("/api/v1/alerts/" + std::to_string(chosen), bearer(user.token)));
  EXPECT_EQ(member(chosen_alert, "symbol"), value("ETHUSDT")) << chosen_alert;
  EXPECT_EQ(member(chosen_alert, "condition"), value("below")) << chosen_alert;
  const value default_alert = json_of(api.get("/api/v1/alerts/" + std::to_string(defaulted), bearer(user.token)));
  EXPECT_EQ(member(default_alert, "symbol"), value("BTCUSDT")) << default_alert;
  EXPECT_EQ(member(default_alert, "condition"), value("above")) << default_alert;
}

TEST_F(original_alert_routes, says_what_is_wrong_with_a_price) {
  const auto user = api.register_and_login("badprice@example.com");
  const std::string required = "Price is required.";
  const std::string number = "Price must be a number.";
  const std::string positive = "Price must be positive.";
  const std::vector<std::pair<std::string, std::string>> cases{
      {"{}", required},
      {R"({"price": null})", required},
      {R"({"price": "abc"})", number},
      {R"({"price": true})", number},
      {R"({"price": {}})", number},
      {R"({"price": []})", number},
      {R"({"price": "NaN"})", number},
      {R"({"price": 0})", positive},
      {R"({"price": "0"})", positive},
      {R"({"price": -5})", positive},
      {R"({"price": "-5"})", positive},
      {R"({"price": "Infinity"})", number},
      {R"({"price": "0.000000001"})", positive},  // rounds to zero
  };
  for (const auto& [request, message] : cases) {
    SCOPED_TRACE(request);
    expect_original_error(api.post("/api/alerts/create/", request, bearer(user.token)), 400, message);
  }
}

// A price is what Python's Decimal() reads, rounded half-even to 8 decimals (ORIGINAL_API.md).
TEST_F(original_alert_routes, reads_prices_as_python_decimal_and_rounds_them_half_even) {
  const auto user = api.register_and_login("decimal@example.com");
  const std::vector<std::pair<std::string, std::string>> cases{
      {R"({"price": " 53000 "})", "53000.00"},
      {R"({"price": "1e3"})", "1000.00"},
      {R"({"price": "1_000.5"})", "1000.50"},
      {R"({"price": "55000.00000000001"})", "55000.00"},
      {R"({"price": 55000.00000000001})", "55000.00"},  // 50000 * 1.1 in JavaScript
      {R"({"price": "1.123456785"})", "1.12345678"},
      {R"({"price": "1.123456795"})", "1.1234568"},
  };
  for (const auto& [request, printed] : cases) {
    const auto response = api.post("/api/alerts/create/", request, bearer(user.token));
    EXPECT_EQ(response.status, 201u) << request << " -> " << response.body;
    EXPECT_EQ(member(json_of(response), "price"), value(printed)) << request << " -> " << response.body;
  }
}

// Create read JSON (whatever the Content-Type), forms and multipart/form-data, as DRF did; the
// bodies here are the bytes each client sends.
TEST_F(original_alert_routes, creates_from_every_body_the_originals_clients_send) {
  const auto user = api.register_and_login("bodies@example.com");
  const auto with_type = [&](std::string type) {
    auto headers = bearer(user.token);
    headers.emplace_back("Content-Type", std::move(type));
    return headers;
  };
  struct sent {
    std::string client, content_type, body, price;
  };
  const std::vector<sent> cases{
      {"fetch() with a string body", "text/plain;charset=UTF-8", R"({"price":51000})", "51000.00"},
      {"curl -d", "application/x-www-form-urlencoded", R"({"price": 51001})", "51001.00"},
      {"an HTML form, jQuery", "application/x-www-form-urlencoded", "price=51002.5", "51002.50"},
      {"requests.post(files=...)", "multipart/form-data; boundary=0b3f6c1d9e2a",
       "--0b3f6c1d9e2a\r\nContent-Disposition: form-data; name=\"price\"\r\n\r\n51003\r\n--0b3f6c1d9e2a--\r\n",
       "51003.00"},
      {"Postman's form-data tab", "multipart/form-data; boundary=--------------------------284750305981726338446473",
       "----------------------------284750305981726338446473\r\nContent-Disposition: form-data; name=\"price\"\r\n\r\n"
       " 51004 \r\n----------------------------284750305981726338446473--\r\n",
       "51004.00"},
  };
  for (const auto& [client, content_type, body, price] : cases) {
    const auto response = api.post("/api/alerts/create/", body, with_type(content_type));
    EXPECT_EQ(response.status, 201u) << client << " -> " << response.body;
    EXPECT_EQ(member(json_of(response), "price"), value(price)) << client << " -> " << response.body;
  }
  const auto broken = api.post("/api/alerts/create/", "--x\r\nno headers", with_type("multipart/form-data; boundary=x"));
  EXPECT_EQ(broken.status, 400u) << broken.body;
  EXPECT_TRUE(member(json_of(broken), "error").is_string()) << broken.body;
}

// A handler that threw would fail the test here; through the server it would be a 500.
TEST_F(original_alert_routes, answers_400_never_500_to_other_bad_bodies) {
  const auto user = api.register_and_login("badbody@example.com");
  for (const char* request : {"[]", R"("x")", "{bad", R"({"price": "99999999999999999999999"})",
                              R"({"price": 1e400})", R"({"price": "1e400"})"}) {
    const auto response = api.post("/api/alerts/create", request, bearer(user.token));
    EXPECT_EQ(response.status, 400u) << request << " -> " << response.body;
    EXPECT_TRUE(member(json_of(response), "error").is_string()) << request << " -> " << response.body;
  }
}

TEST_F(original_alert_routes, deletes_on_every_path_variant_and_again) {
  const auto user = api.register_and_login("delete@example.com");
  const value deleted{{"message", "Alert status updated to deleted."}};
  for (const char* prefix : {"/api/delete/", "/api/alerts/delete/"}) {
    for (const char* suffix : {"", "/"}) {
      const std::int64_t id = api.create_alert(user.token, R"({"price": 51000})");
      const std::string path = prefix + std::to_string(id) + suffix;
      const auto response = api.post(path, "", bearer(user.token));
      EXPECT_EQ(response.status, 200u) << path << " -> " << response.body;
      EXPECT_EQ(json_of(response), deleted) << path;
      EXPECT_EQ(listed_status(user, id), "deleted") << path;
      const auto again = api.post(path, "", bearer(user.token));
      EXPECT_EQ(again.status, 200u) << path << " again -> " << again.body;
      EXPECT_EQ(json_of(again), deleted) << path << " again";
    }
  }
}

TEST_F(original_alert_routes, answers_404_alike_for_a_missing_id_and_for_another_users_alert) {
  const auto owner = api.register_and_login("owner@example.com");
  const auto intruder = api.register_and_login("intruder@example.com");
  const std::int64_t id = api.create_alert(owner.token, R"({"price": 51000})");
  const std::string message = "Alert not found or not authorized.";
  expect_original_error(api.post("/api/delete/" + std::to_string(id), "", bearer(intruder.token)), 404, message);
  expect_original_error(api.post("/api/alerts/delete/" + std::to_string(id) + "/", "", bearer(intruder.token)), 404,
                        message);
  expect_original_error(api.post("/api/delete/999999999", "", bearer(owner.token)), 404, message);
  EXPECT_EQ(listed_status(owner, id), "created");
}

}  // namespace
}  // namespace pricewatch
