// What /api/v1 answers for the alerts of DESIGN.md section 9: every kind created and shown, the
// rules between fields, PATCH with pause and resume (409 once an alert is closed), delete on every
// status, the status filter, and the firings routes, each only for the owner.
#include "api_harness.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pricewatch {
namespace {

using boost::json::value;
using test_support::api_harness;
using test_support::bearer;
using test_support::expect_v1_alert_keys;
using test_support::expect_v1_error;
using test_support::integer_of;
using test_support::json_of;
using test_support::member;

class v1_alert_v2_routes : public ::testing::Test {
 protected:
  api_harness api;

  value create(const api_harness::user& owner, std::string_view body) {
    const auto created = api.post("/api/v1/alerts", body, bearer(owner.token));
    EXPECT_EQ(created.status, 201u) << body << ": " << created.body;
    return json_of(created);
  }
  http::response patch(const api_harness::user& owner, const value& alert, std::string_view body) {
    return api.call("PATCH", "/api/v1/alerts/" + std::to_string(integer_of(member(alert, "id"))), body,
                    bearer(owner.token));
  }
};

TEST_F(v1_alert_v2_routes, creates_every_kind_and_shows_its_fields) {
  const auto user = api.register_and_login("v2kinds@example.com");
  for (const char* condition : {"above", "below", "crossing_up", "crossing_down", "crossing"}) {
    SCOPED_TRACE(condition);
    const auto made = create(user, R"({"condition": ")" + std::string(condition) + R"(", "price": "51000"})");
    expect_v1_alert_keys(made);
    EXPECT_EQ(member(made, "condition"), value(condition));
    EXPECT_EQ(member(made, "price"), value("51000"));
    EXPECT_EQ(member(made, "percent"), value(nullptr));
  }
  const auto move = create(user, R"({"symbol": "ETHUSDT", "condition": "moving_down", "percent": 2.5, "window": "4h",
                                     "frequency": "every_time", "cooldown_seconds": 600,
                                     "expires_at": "2099-01-01T00:00:00+01:00", "note": "Ünïcode ✓"})");
  EXPECT_EQ(member(move, "price"), value(nullptr));
  EXPECT_EQ(member(move, "percent"), value("2.5"));
  EXPECT_EQ(member(move, "window"), value("4h"));
  EXPECT_EQ(member(move, "frequency"), value("every_time"));
  EXPECT_EQ(member(move, "cooldown_seconds"), value(600));
  EXPECT_EQ(member(move, "expires_at"), value("2098-12-31T23:00:00.000Z"));
  EXPECT_EQ(member(move, "note"), value("Ünïcode ✓"));
  EXPECT_EQ(member(move, "fire_count"), value(0));
  const auto fetched = api.get("/api/v1/alerts/" + std::to_string(integer_of(member(move, "id"))), bearer(user.token));
  EXPECT_EQ(json_of(fetched), move) << "stored as shown";
}

TEST_F(v1_alert_v2_routes, refuses_fields_that_do_not_go_together) {
  api.clock().advance(std::chrono::hours(24 * 365 * 57));  // 2027: an expiry in 2026 is past
  const auto user = api.register_and_login("v2invalid@example.com");
  const std::string long_note(501, 'x');
  std::string five_hundred_multibyte;
  for (int i = 0; i < 500; ++i) five_hundred_multibyte += "é";
  const std::vector<std::string> bodies{
      R"({"condition": "moving_up", "percent": "5", "window": "1h", "price": "1"})",
      R"({"condition": "moving_up", "window": "1h"})",
      R"({"condition": "moving_up", "percent": "0", "window": "1h"})",
      R"({"condition": "moving_up", "percent": "5"})",
      R"({"condition": "above", "percent": "5", "price": "1"})",
      R"({"condition": "crossing"})",
      R"({"price": "1", "cooldown_seconds": 5})",
      R"({"price": "1", "cooldown_seconds": "60"})",
      R"({"price": "1", "expires_at": "2026-01-01T00:00:00Z"})",
      R"({"price": "1", "note": ")" + long_note + R"("})",
      R"({"price": "1", "paused": true})",
  };
  for (const auto& request : bodies) {
    SCOPED_TRACE(request);
    expect_v1_error(api.post("/api/v1/alerts", request, bearer(user.token)), 400, "validation_failed");
  }
  EXPECT_EQ(member(json_of(api.get("/api/v1/alerts", bearer(user.token))), "count"), value(0));
  create(user, R"({"price": "1", "note": ")" + five_hundred_multibyte + R"("})");
}

TEST_F(v1_alert_v2_routes, patch_changes_pauses_and_resumes_an_open_alert_only_for_its_owner) {
  const auto owner = api.register_and_login("v2patch@example.com");
  const auto other = api.register_and_login("v2patchother@example.com");
  const auto made = create(owner, R"({"price": "51000", "note": "first"})");

  const auto noted = patch(owner, made, R"({"note": "second", "price": "52000"})");
  ASSERT_EQ(noted.status, 200u) << noted.body;
  EXPECT_EQ(member(json_of(noted), "note"), value("second"));
  EXPECT_EQ(member(json_of(noted), "price"), value("52000"));
  EXPECT_EQ(member(json_of(noted), "status"), value("created"));

  const auto to_move = patch(owner, made, R"({"condition": "moving_up", "percent": "3", "window": "15m"})");
  ASSERT_EQ(to_move.status, 200u) << to_move.body;
  EXPECT_EQ(member(json_of(to_move), "price"), value(nullptr)) << "a move has no price";
  expect_v1_error(patch(owner, made, R"({"condition": "above"})"), 400, "validation_failed");
  expect_v1_error(patch(owner, made, R"({"window": "2h"})"), 400, "validation_failed");
  EXPECT_EQ(member(json_of(api.get("/api/v1/alerts/" + std::to_string(integer_of(member(made, "id"))),
                                   bearer(owner.token))),
                   "percent"),
            value("3"))
      << "a refused change changes nothing";

  const auto paused = patch(owner, made, R"({"paused": true})");
  ASSERT_EQ(paused.status, 200u) << paused.body;
  EXPECT_EQ(member(json_of(paused), "status"), value("paused"));
  const auto paused_list = json_of(api.get("/api/v1/alerts?status=paused", bearer(owner.token)));
  EXPECT_EQ(member(paused_list, "count"), value(1));
  const auto still_paused = patch(owner, made, R"({"note": "while paused"})");
  EXPECT_EQ(member(json_of(still_paused), "status"), value("paused")) << "a change without paused keeps it";
  const auto resumed = patch(owner, made, R"({"paused": false})");
  EXPECT_EQ(member(json_of(resumed), "status"), value("created"));

  expect_v1_error(patch(other, made, R"({"note": "mine now"})"), 404, "not_found");
  expect_v1_error(api.call("PATCH", "/api/v1/alerts/999999", R"({"note": "x"})", bearer(owner.token)), 404,
                  "not_found");
  expect_v1_error(patch(owner, made, R"({"paused": "yes"})"), 400, "validation_failed");
  expect_v1_error(patch(owner, made, "[1]"), 400, "validation_failed");
}

TEST_F(v1_alert_v2_routes, a_deleted_alert_refuses_changes_and_every_status_can_be_deleted) {
  const auto owner = api.register_and_login("v2closed@example.com");
  const auto made = create(owner, R"({"price": "51000"})");
  ASSERT_EQ(patch(owner, made, R"({"paused": true})").status, 200u);
  const std::string path = "/api/v1/alerts/" + std::to_string(integer_of(member(made, "id")));
  EXPECT_EQ(api.remove(path, bearer(owner.token)).status, 204u) << "a paused alert can be deleted";
  expect_v1_error(patch(owner, made, R"({"note": "x"})"), 409, "conflict");
  expect_v1_error(patch(owner, made, R"({"paused": false})"), 409, "conflict");
  EXPECT_EQ(member(json_of(api.get(path, bearer(owner.token))), "status"), value("deleted"));
}

TEST_F(v1_alert_v2_routes, firings_are_listed_only_for_their_owner) {
  const auto owner = api.register_and_login("v2firings@example.com");
  const auto other = api.register_and_login("v2firingsother@example.com");
  const auto made = create(owner, R"({"price": "51000"})");
  const std::string path = "/api/v1/alerts/" + std::to_string(integer_of(member(made, "id"))) + "/firings";
  const auto none = api.get(path, bearer(owner.token));
  ASSERT_EQ(none.status, 200u) << none.body;
  EXPECT_EQ(member(json_of(none), "count"), value(0));
  EXPECT_EQ(member(json_of(none), "results"), value(boost::json::array{}));
  expect_v1_error(api.get(path, bearer(other.token)), 404, "not_found");
  expect_v1_error(api.get(path), 401, "unauthenticated");
  EXPECT_EQ(member(json_of(api.get("/api/v1/firings?symbol=BTCUSDT&since=2026-01-01T00:00:00Z", bearer(owner.token))),
                   "count"),
            value(0));
  expect_v1_error(api.get("/api/v1/firings?since=yesterday", bearer(owner.token)), 400, "validation_failed");
  expect_v1_error(api.get("/api/v1/firings?symbol=btc", bearer(owner.token)), 400, "validation_failed");
}

TEST_F(v1_alert_v2_routes, the_original_create_stays_a_level_that_fires_once) {
  const auto user = api.register_and_login("v2original@example.com");
  const auto refused = api.post("/api/alerts/create/", R"({"price": "51000", "condition": "crossing"})",
                                bearer(user.token));
  EXPECT_EQ(refused.status, 400u) << refused.body;
  const auto made = api.post("/api/alerts/create/", R"({"price": "51000", "frequency": "every_time"})",
                             bearer(user.token));
  ASSERT_EQ(made.status, 201u) << made.body;
  const auto listed = json_of(api.get("/api/v1/alerts", bearer(user.token)));
  const value results = member(listed, "results");
  const value shown = results.as_array().at(0);
  EXPECT_EQ(member(shown, "frequency"), value("once")) << "the original routes know no other field";
  EXPECT_EQ(member(shown, "condition"), value("above"));
}

}  // namespace
}  // namespace pricewatch
