// End-to-end tests of the original create and delete routes (ORIGINAL_API.md): exact bodies,
// every path variant, price validation, and that one user cannot delete another's alert.
#include "e2e_fixture.hpp"

#include <boost/json/serialize.hpp>

#include <utility>
#include <vector>

namespace pricewatch::e2e {
namespace {

using boost::json::value;

// The status of one alert in the first page of the caller's list; "" when absent.
std::string listed_status(http_client& http, const test_user& user, std::int64_t id) {
  const http_response list = http.get("/api/alerts/", bearer(user.token));
  EXPECT_EQ(list.status, 200u) << list.body;
  const value results = member(list.json(), "results");
  if (!results.is_array()) return {};
  for (const auto& entry : results.as_array()) {
    if (member(entry, "id") == value(id)) return string_of(member(entry, "status"));
  }
  return {};
}

class original_create_test : public service_test {};

TEST_F(original_create_test, creates_on_both_paths_with_the_alert_beside_the_message) {
  http_client http = client();
  const test_user user = register_and_login(http, "create");
  std::int64_t previous_id = 0;
  for (const char* path : {"/api/alerts/create", "/api/alerts/create/"}) {
    const http_response response = http.post(path, R"({"price": 51000})", bearer(user.token));
    ASSERT_EQ(response.status, 201u) << path << " -> " << response.body;
    const value body = response.json();
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

TEST_F(original_create_test, prints_prices_with_at_least_two_decimals) {
  http_client http = client();
  const test_user user = register_and_login(http, "decimals");
  const std::vector<std::pair<std::string, std::string>> cases{
      {R"({"price": "51000.5"})", "51000.50"}, {R"({"price": 51000.5})", "51000.50"},
      {R"({"price": "0.00012345"})", "0.00012345"}, {R"({"price": 0.00012345})", "0.00012345"},
      {R"({"price": "100"})", "100.00"}, {R"({"price": 1.5})", "1.50"},
  };
  for (const auto& [request, printed] : cases) {
    const http_response response = http.post("/api/alerts/create", request, bearer(user.token));
    EXPECT_EQ(response.status, 201u) << request << " -> " << response.body;
    EXPECT_EQ(member(response.json(), "price"), value(printed)) << request << " -> " << response.body;
  }
}

TEST_F(original_create_test, takes_an_optional_symbol_and_condition) {
  http_client http = client();
  const test_user user = register_and_login(http, "symbol");
  const std::int64_t chosen =
      create_alert(http, user.token, R"({"price": 1800, "symbol": "ETHUSDT", "condition": "below"})");
  const std::int64_t defaulted = create_alert(http, user.token, R"({"price": 100})");
  const value chosen_alert = http.get("/api/v1/alerts/" + std::to_string(chosen), bearer(user.token)).json();
  EXPECT_EQ(member(chosen_alert, "symbol"), value("ETHUSDT")) << chosen_alert;
  EXPECT_EQ(member(chosen_alert, "condition"), value("below")) << chosen_alert;
  const value default_alert = http.get("/api/v1/alerts/" + std::to_string(defaulted), bearer(user.token)).json();
  EXPECT_EQ(member(default_alert, "symbol"), value("BTCUSDT")) << default_alert;
  EXPECT_EQ(member(default_alert, "condition"), value("above")) << default_alert;
}

TEST_F(original_create_test, says_what_is_wrong_with_a_price) {
  http_client http = client();
  const test_user user = register_and_login(http, "badprice");
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
      {R"({"price": "1.123456789"})", "Price must have at most 8 decimal places."},
  };
  for (const auto& [request, message] : cases) {
    const http_response response = http.post("/api/alerts/create/", request, bearer(user.token));
    SCOPED_TRACE(request);
    expect_original_error(response, 400, message);
  }
}

TEST_F(original_create_test, answers_400_never_500_to_other_bad_bodies) {
  http_client http = client();
  const test_user user = register_and_login(http, "badbody");
  for (const char* request : {"[]", R"("x")", "{bad", R"({"price": "99999999999999999999999"})",
                              R"({"price": 1e400})", R"({"price": "1e400"})"}) {
    const http_response response = http.post("/api/alerts/create", request, bearer(user.token));
    EXPECT_EQ(response.status, 400u) << request << " -> " << response.body;
    EXPECT_TRUE(member(response.json(), "error").is_string()) << request << " -> " << response.body;
  }
}

class original_delete_test : public service_test {};

TEST_F(original_delete_test, deletes_on_every_path_variant_and_again) {
  http_client http = client();
  const test_user user = register_and_login(http, "delete");
  const value deleted{{"message", "Alert status updated to deleted."}};
  for (const char* prefix : {"/api/delete/", "/api/alerts/delete/"}) {
    for (const char* suffix : {"", "/"}) {
      const std::int64_t id = create_alert(http, user.token, R"({"price": 51000})");
      const std::string path = prefix + std::to_string(id) + suffix;
      const http_response response = http.post(path, "", bearer(user.token));
      EXPECT_EQ(response.status, 200u) << path << " -> " << response.body;
      EXPECT_EQ(response.json(), deleted) << path;
      EXPECT_EQ(listed_status(http, user, id), "deleted") << path;
      const http_response again = http.post(path, "", bearer(user.token));
      EXPECT_EQ(again.status, 200u) << path << " again -> " << again.body;
      EXPECT_EQ(again.json(), deleted) << path << " again";
    }
  }
}

TEST_F(original_delete_test, answers_404_alike_for_a_missing_id_and_for_another_users_alert) {
  http_client http = client();
  const test_user owner = register_and_login(http, "owner");
  const test_user intruder = register_and_login(http, "intruder");
  const std::int64_t id = create_alert(http, owner.token, R"({"price": 51000})");
  const std::string message = "Alert not found or not authorized.";
  expect_original_error(http.post("/api/delete/" + std::to_string(id), "", bearer(intruder.token)), 404, message);
  expect_original_error(http.post("/api/alerts/delete/" + std::to_string(id) + "/", "", bearer(intruder.token)),
                        404, message);
  expect_original_error(http.post("/api/delete/999999999", "", bearer(owner.token)), 404, message);
  EXPECT_EQ(listed_status(http, owner, id), "created");
}

}  // namespace
}  // namespace pricewatch::e2e
