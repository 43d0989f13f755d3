// Access control with two users on every route and stream: nothing of one user's can be read,
// changed, deleted or heard by the other, by anyone without a token, or through fields the
// client was never meant to set (mass assignment).
#include "raw_connection.hpp"
#include "security_fixture.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>

namespace pricewatch::security {
namespace {

using boost::json::value;

constexpr std::string_view level_alert = R"({"symbol":"BTCUSDT","condition":"above","price":"12345"})";

bool lists_id(const http_response& list, std::int64_t id) {
  const std::string wanted = "\"id\":" + std::to_string(id) + ",";
  return list.body.find(wanted) != std::string::npos;
}

class access_control_test : public service_test {};

TEST_F(access_control_test, every_route_needs_a_token) {
  http_client http = client();
  for (const auto& route : user_routes()) {
    const std::string target = with_id(route.target, 1);
    const http_response answer = send_checked(http, route.method, target, route.body);
    EXPECT_EQ(answer.status, 401u) << route.method << " " << target << " -> " << answer.body;
  }
}

// The other user's token on each route naming the owner's alert: not found (the alert's
// existence is not even confirmed), and the alert is as it was.
TEST_F(access_control_test, another_users_alerts_cannot_be_read_changed_deleted_or_listed) {
  http_client http = client();
  const test_user owner = register_and_login(http, "owner");
  const test_user intruder = register_and_login(http, "intruder");
  const std::int64_t original_alert = create_alert(http, owner.token, level_alert);
  const std::int64_t v1_alert = create_v1_alert(http, owner.token, level_alert);
  ASSERT_NE(original_alert, 0);
  ASSERT_NE(v1_alert, 0);
  for (const std::int64_t alert : {original_alert, v1_alert}) {
    for (const auto& route : user_routes()) {
      if (route.target.find("{id}") == std::string::npos) continue;
      const std::string target = with_id(route.target, alert);
      const http_response answer = send_checked(http, route.method, target, route.body, bearer(intruder.token));
      EXPECT_EQ(answer.status, 404u) << route.method << " " << target << " -> " << answer.body;
    }
    const http_response still = http.get("/api/v1/alerts/" + std::to_string(alert), bearer(owner.token));
    ASSERT_EQ(still.status, 200u) << still.body;
    EXPECT_EQ(member(still.json(), "status"), value("created")) << still.body;
  }
  for (const char* list : {"/api/alerts/", "/api/alerts/created/", "/api/v1/alerts",
                           "/api/v1/firings"}) {
    const http_response mine = send_checked(http, "GET", list, {}, bearer(intruder.token));
    EXPECT_EQ(mine.status, 200u) << list;
    EXPECT_FALSE(lists_id(mine, original_alert) || lists_id(mine, v1_alert)) << list << ": " << mine.body;
  }
  EXPECT_TRUE(lists_id(http.get("/api/v1/alerts", bearer(owner.token)), v1_alert));
}

// A user's events stream carries that user's changes and never another's.
TEST_F(access_control_test, an_events_stream_carries_only_its_own_users_changes) {
  http_client http = client();
  const test_user listener = register_and_login(http, "listener");
  const test_user stranger = register_and_login(http, "stranger");
  raw_connection stream(port());
  stream.send("GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + listener.token + "\r\n\r\n");
  // The stream is open once its first bytes arrive; then the stranger acts, then the listener.
  std::string heard = stream.read_until_close(std::chrono::milliseconds(500)).data;
  ASSERT_EQ(status_of(heard), 200u) << heard;
  const std::int64_t strangers = create_v1_alert(http, stranger.token, level_alert);
  const std::int64_t own = create_v1_alert(http, listener.token, level_alert);
  const std::string own_event = "\"id\":" + std::to_string(own) + ",";
  for (int reads = 0; reads < 20 && heard.find(own_event) == std::string::npos; ++reads) {
    heard += stream.read_until_close(std::chrono::milliseconds(500)).data;
  }
  EXPECT_NE(heard.find(own_event), std::string::npos) << heard;
  EXPECT_EQ(heard.find("\"id\":" + std::to_string(strangers) + ","), std::string::npos) << heard;
}

// Fields the server owns (id, owner, status, dates, counts) cannot be set by a client on create or
// change; they are ignored or refused, never applied.
TEST_F(access_control_test, fields_the_server_owns_cannot_be_assigned) {
  http_client http = client();
  const test_user owner = register_and_login(http, "assigner");
  const test_user victim = register_and_login(http, "assigned");
  const std::string owned_fields = ",\"id\":999999,\"user_id\":" + std::to_string(victim.id) +
                                   ",\"owner\":" + std::to_string(victim.id) + ",\"email\":\"" + victim.email +
                                   "\",\"status\":\"triggered\",\"created_at\":\"2000-01-01T00:00:00Z\","
                                   "\"triggered_at\":\"2000-01-01T00:00:00Z\",\"fire_count\":7,"
                                   "\"triggered_price\":\"1\",\"notification\":{\"status\":\"sent\"}}";
  const std::string body = std::string(level_alert.substr(0, level_alert.size() - 1)) + owned_fields;
  for (const char* route : {"/api/alerts/create/", "/api/v1/alerts"}) {
    const http_response created = send_checked(http, "POST", route, body, bearer(owner.token));
    if (created.status >= 400) continue;  // refused outright: nothing was assigned
    ASSERT_EQ(created.status, 201u) << route << ": " << created.body;
    const std::int64_t id = integer_of(member(created.json(), "id"));
    EXPECT_NE(id, 999999) << route;
    const http_response stored = http.get("/api/v1/alerts/" + std::to_string(id), bearer(owner.token));
    ASSERT_EQ(stored.status, 200u) << route << ": " << stored.body;
    EXPECT_EQ(member(stored.json(), "status"), value("created")) << stored.body;
    EXPECT_EQ(member(stored.json(), "fire_count"), value(0)) << stored.body;
    EXPECT_EQ(member(stored.json(), "triggered_at"), value(nullptr)) << stored.body;
    EXPECT_NE(string_of(member(stored.json(), "created_at")).substr(0, 4), "2000") << stored.body;
    EXPECT_EQ(http.get("/api/v1/alerts/" + std::to_string(id), bearer(victim.token)).status, 404u) << route;
  }
  const std::int64_t alert = create_v1_alert(http, owner.token, level_alert);
  const http_response patched = send_checked(http, "PATCH", "/api/v1/alerts/" + std::to_string(alert),
                                             "{\"paused\":false" + owned_fields, bearer(owner.token));
  EXPECT_LT(patched.status, 500u);
  const http_response after = http.get("/api/v1/alerts/" + std::to_string(alert), bearer(owner.token));
  ASSERT_EQ(after.status, 200u) << after.body;
  EXPECT_EQ(member(after.json(), "id"), value(alert));
  EXPECT_EQ(member(after.json(), "status"), value("created")) << after.body;
  EXPECT_EQ(http.get("/api/v1/alerts/" + std::to_string(alert), bearer(victim.token)).status, 404u);

  // An account cannot be made with a chosen id or privileges: the new user's token is its own.
  const std::string email = unique_email("privileged");
  const http_response made = send_checked(
      http, "POST", "/api/v1/users",
      "{\"email\":\"" + email + "\",\"password\":\"" + std::string(test_password) + "\",\"id\":" +
          std::to_string(victim.id) + ",\"is_staff\":true,\"is_superuser\":true,\"is_active\":true}");
  ASSERT_LT(made.status, 300u) << made.body;
  const http_response token = http.post("/api/login/", "{\"email\":\"" + email + "\",\"password\":\"" +
                                                           std::string(test_password) + "\"}");
  ASSERT_EQ(token.status, 200u) << token.body;
  const auto claims = decode_token(string_of(member(token.json(), "access_token"))).payload;
  EXPECT_NE(integer_of(member(value(claims), "user_id")), victim.id);
}

}  // namespace
}  // namespace pricewatch::security
