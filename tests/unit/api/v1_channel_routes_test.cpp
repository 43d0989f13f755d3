// What /api/v1/channels and /api/v1/me answer (DESIGN.md section 10): the account's own email
// channel made at registration as its default, channels added, changed, deleted and rotated, only
// for their owner; a webhook's secret shown once; alerts naming their channels.
#include "api_harness.hpp"
#include "notify/pause_link.hpp"

#include <gtest/gtest.h>

#include <string>

namespace pricewatch {
namespace {

using boost::json::value;
using test_support::api_harness;
using test_support::bearer;
using test_support::expect_v1_error;
using test_support::integer_of;
using test_support::json_of;
using test_support::member;

class v1_channel_routes : public ::testing::Test {
 protected:
  api_harness api;

  value add(const api_harness::user& owner, std::string_view body) {
    const auto created = api.post("/api/v1/channels", body, bearer(owner.token));
    EXPECT_EQ(created.status, 201u) << body << ": " << created.body;
    return json_of(created);
  }
  static std::string path(const value& channel) { return "/api/v1/channels/" + std::to_string(integer_of(member(channel, "id"))); }
};

TEST_F(v1_channel_routes, registration_makes_the_account_email_its_default_channel) {
  const auto user = api.register_and_login("channels@example.com");
  const auto listed = json_of(api.get("/api/v1/channels", bearer(user.token)));
  const auto results = member(listed, "results").as_array();
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(member(results[0], "type"), value("email"));
  EXPECT_EQ(member(member(results[0], "config"), "address"), value("channels@example.com"));
  EXPECT_EQ(member(results[0], "status"), value("active"));
  EXPECT_EQ(member(results[0], "is_default"), value(true));
  const auto me = json_of(api.get("/api/v1/me", bearer(user.token)));
  EXPECT_EQ(member(me, "email"), value("channels@example.com"));
  EXPECT_EQ(member(me, "default_channels"), boost::json::array{member(results[0], "id")});
}

TEST_F(v1_channel_routes, a_webhook_secret_is_shown_at_creation_and_rotation_only) {
  const auto user = api.register_and_login("webhooks@example.com");
  const auto made = add(user, R"({"type": "webhook", "name": "Bot", "config": {"url": "https://hooks.example.com/in"}})");
  EXPECT_TRUE(member(made, "secret").as_string().starts_with("whsec_"));
  EXPECT_EQ(member(made, "name"), value("Bot"));
  EXPECT_EQ(member(made, "is_default"), value(false));
  EXPECT_FALSE(json_of(api.get(path(made), bearer(user.token))).as_object().contains("secret"));
  const auto rotated = api.post(path(made) + "/rotate-secret", "", bearer(user.token));
  EXPECT_EQ(rotated.status, 200u);
  EXPECT_TRUE(member(json_of(rotated), "secret").as_string().starts_with("whsec_"));
  const auto email = member(json_of(api.get("/api/v1/channels", bearer(user.token))), "results").as_array()[0];
  expect_v1_error(api.post(path(email) + "/rotate-secret", "", bearer(user.token)), 400, "validation_failed");
}

TEST_F(v1_channel_routes, bad_channels_are_refused_with_the_field) {
  const auto user = api.register_and_login("bad@example.com");
  expect_v1_error(api.post("/api/v1/channels", R"({"config": {"url": "https://a.b/"}})", bearer(user.token)), 400,
                  "validation_failed");
  expect_v1_error(api.post("/api/v1/channels", R"({"type": "pager", "config": {}})", bearer(user.token)), 400,
                  "validation_failed");
  expect_v1_error(api.post("/api/v1/channels", R"({"type": "webhook", "config": {"url": "gopher://a"}})",
                           bearer(user.token)),
                  400, "validation_failed");
  expect_v1_error(api.post("/api/v1/channels",
                           R"({"type": "webhook", "config": {"url": "https://a.b/", "template": "{{nope}}"}})",
                           bearer(user.token)),
                  400, "validation_failed");
  expect_v1_error(api.post("/api/v1/channels", R"({"type": "ntfy", "config": {"server": "https://ntfy.sh"}, "x": 1})",
                           bearer(user.token)),
                  400, "validation_failed");
}

TEST_F(v1_channel_routes, another_address_than_the_accounts_starts_unverified) {
  const auto user = api.register_and_login("own@example.com");
  const auto other = add(user, R"({"type": "email", "config": {"address": "someone.else@example.com"}})");
  EXPECT_EQ(member(other, "status"), value("unverified"));
  const auto own = add(user, R"({"type": "email", "config": {"address": "OWN@example.com"}})");
  EXPECT_EQ(member(own, "status"), value("active"));
  expect_v1_error(api.call("PATCH", path(other), R"({"status": "active"})", bearer(user.token)), 400,
                  "validation_failed");
}

TEST_F(v1_channel_routes, change_disable_enable_and_delete) {
  const auto user = api.register_and_login("change@example.com");
  const auto made = add(user, R"({"type": "ntfy", "config": {"server": "https://ntfy.sh", "topic": "a", "token": "tk_secret1234"}})");
  EXPECT_EQ(member(member(made, "config"), "token"), value("****1234"));
  const auto renamed = api.call("PATCH", path(made), R"({"name": "Phone", "config": {"topic": "b", "token": null}})",
                                bearer(user.token));
  ASSERT_EQ(renamed.status, 200u) << renamed.body;
  EXPECT_EQ(member(json_of(renamed), "name"), value("Phone"));
  EXPECT_EQ(member(json_of(renamed), "config"), (boost::json::object{{"server", "https://ntfy.sh"}, {"topic", "b"}}));
  const auto disabled = json_of(api.call("PATCH", path(made), R"({"status": "disabled"})", bearer(user.token)));
  EXPECT_EQ(member(disabled, "status"), value("disabled"));
  EXPECT_EQ(member(disabled, "status_reason"), value("disabled by its owner"));
  const auto enabled = json_of(api.call("PATCH", path(made), R"({"status": "active"})", bearer(user.token)));
  EXPECT_EQ(member(enabled, "status"), value("active"));
  EXPECT_EQ(member(enabled, "status_reason"), value(nullptr));
  expect_v1_error(api.call("PATCH", path(made), R"({"type": "slack"})", bearer(user.token)), 400, "validation_failed");
  EXPECT_EQ(api.remove(path(made), bearer(user.token)).status, 204u);
  expect_v1_error(api.get(path(made), bearer(user.token)), 404, "not_found");
  EXPECT_EQ(member(json_of(api.get("/api/v1/channels", bearer(user.token))), "results").as_array().size(), 1u);
}

TEST_F(v1_channel_routes, channels_are_their_owners_alone) {
  const auto owner = api.register_and_login("owner@example.com");
  const auto other = api.register_and_login("other@example.com");
  const auto made = add(owner, R"({"type": "slack", "config": {"webhook_url": "https://hooks.slack.com/services/x"}})");
  expect_v1_error(api.get(path(made), bearer(other.token)), 404, "not_found");
  expect_v1_error(api.call("PATCH", path(made), R"({"name": "mine"})", bearer(other.token)), 404, "not_found");
  expect_v1_error(api.remove(path(made), bearer(other.token)), 404, "not_found");
  expect_v1_error(api.post(path(made) + "/test", "", bearer(other.token)), 404, "not_found");
  const std::string foreign = "[" + std::to_string(integer_of(member(made, "id"))) + "]";
  expect_v1_error(api.call("PATCH", "/api/v1/me", R"({"default_channels": )" + foreign + "}", bearer(other.token)), 400,
                  "validation_failed");
  expect_v1_error(api.post("/api/v1/alerts", R"({"price": "5", "channels": )" + foreign + "}", bearer(other.token)), 400,
                  "validation_failed");
  expect_v1_error(api.get("/api/v1/channels"), 401, "unauthenticated");
}

TEST_F(v1_channel_routes, defaults_and_alert_channels_are_chosen_by_id) {
  const auto user = api.register_and_login("defaults@example.com");
  const auto hook = add(user, R"({"type": "discord", "config": {"webhook_url": "https://discord.com/api/webhooks/1/x"}})");
  const auto id = integer_of(member(hook, "id"));
  const auto me = api.call("PATCH", "/api/v1/me", R"({"default_channels": [)" + std::to_string(id) + "]}", bearer(user.token));
  ASSERT_EQ(me.status, 200u) << me.body;
  EXPECT_EQ(member(json_of(me), "default_channels"), (boost::json::array{id}));
  const auto alert = api.post("/api/v1/alerts", R"({"price": "5", "channels": [)" + std::to_string(id) + "," + std::to_string(id) + "]}", bearer(user.token));
  ASSERT_EQ(alert.status, 201u) << alert.body;
  EXPECT_EQ(member(json_of(alert), "channels"), (boost::json::array{id}));
  const auto alert_path = "/api/v1/alerts/" + std::to_string(integer_of(member(json_of(alert), "id")));
  const auto cleared = api.call("PATCH", alert_path, R"({"channels": []})", bearer(user.token));
  EXPECT_EQ(member(json_of(cleared), "channels"), boost::json::array{});
  expect_v1_error(api.post("/api/v1/alerts", R"({"price": "5", "channels": "all"})", bearer(user.token)), 400,
                  "validation_failed");
  const auto tested = api.post("/api/v1/channels/" + std::to_string(id) + "/test", "", bearer(user.token));
  EXPECT_EQ(tested.status, 200u);
  EXPECT_EQ(member(json_of(tested), "outcome"), value("sent"));
}

}  // namespace
}  // namespace pricewatch

namespace pricewatch {
namespace {

using boost::json::value;
using test_support::api_harness;
using test_support::bearer;
using test_support::expect_v1_error;
using test_support::integer_of;
using test_support::json_of;
using test_support::member;

TEST(v1_channel_confirmation, the_mailed_link_confirms_another_address_once_on_its_buttons_post) {
  api_harness api;
  const auto user = api.register_and_login("confirm@example.com");
  const auto created = api.post("/api/v1/channels", R"({"type": "email", "config": {"address": "carol@example.org"}})",
                                bearer(user.token));
  ASSERT_EQ(created.status, 201u);
  const auto id = integer_of(member(json_of(created), "id"));
  ASSERT_EQ(api.confirmation_links().size(), 1u);
  const auto link = api.confirmation_links()[0];
  ASSERT_EQ(link, api_harness::base_url() + "/api/v1/channel-confirmations/token1");
  const auto path = link.substr(api_harness::base_url().size());
  const auto status = [&] {
    return member(json_of(api.get("/api/v1/channels/" + std::to_string(id), bearer(user.token))), "status");
  };
  // Opening the link (a person's click, or a mail scanner's prefetch) only shows the button.
  const auto opened = api.get(path);
  EXPECT_EQ(opened.status, 200u);
  EXPECT_EQ(opened.content_type, "text/html; charset=utf-8");
  EXPECT_NE(opened.body.find("<form method=\"post\">"), std::string::npos) << opened.body;
  EXPECT_EQ(api.get(path).status, 200u);
  EXPECT_EQ(status(), value("unverified")) << "a GET confirms nothing";
  const auto confirmed = api.post(path, "confirm=yes", {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(confirmed.status, 200u);
  EXPECT_EQ(confirmed.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(status(), value("active"));
  EXPECT_EQ(api.post(path, "confirm=yes", {{"Content-Type", "application/x-www-form-urlencoded"}}).status, 404u)
      << "a link confirms once";
  EXPECT_EQ(api.post("/api/v1/channel-confirmations/nothing", "").status, 404u);
}

TEST(v1_channel_confirmation, a_test_of_an_unverified_channel_mails_a_new_link) {
  api_harness api;
  const auto user = api.register_and_login("resend@example.com");
  const auto created = api.post("/api/v1/channels", R"({"type": "email", "config": {"address": "dave@example.org"}})",
                                bearer(user.token));
  const auto id = integer_of(member(json_of(created), "id"));
  const auto tested = api.post("/api/v1/channels/" + std::to_string(id) + "/test", "", bearer(user.token));
  EXPECT_EQ(member(json_of(tested), "outcome"), value("confirmation_sent"));
  ASSERT_EQ(api.confirmation_links().size(), 2u);
  EXPECT_TRUE(api.confirmation_links()[1].ends_with("/token2"));
  // Opening a link only shows its button (a mail scanner may open it); its POST confirms.
  const test_support::header_list form{{"Content-Type", "application/x-www-form-urlencoded"}};
  EXPECT_EQ(api.post(api.confirmation_links()[0].substr(api_harness::base_url().size()), "confirm=yes", form).status,
            404u)
      << "the first link is spent by the second";
  EXPECT_EQ(api.post(api.confirmation_links()[1].substr(api_harness::base_url().size()), "confirm=yes", form).status,
            200u);
}

TEST(v1_me_preferences, time_zone_quiet_hours_and_digest_are_read_and_checked) {
  api_harness api;
  const auto user = api.register_and_login("quiet@example.com");
  const auto me = json_of(api.get("/api/v1/me", bearer(user.token)));
  EXPECT_EQ(member(me, "timezone"), value("UTC"));
  EXPECT_EQ(member(me, "quiet_hours"), value(nullptr));
  EXPECT_EQ(member(me, "digest_seconds"), value(0));
  const auto changed = api.call(
      "PATCH", "/api/v1/me",
      R"({"timezone": "Europe/Berlin", "quiet_hours": {"start": "22:00", "end": "07:00"}, "digest_seconds": 300})",
      bearer(user.token));
  ASSERT_EQ(changed.status, 200u) << changed.body;
  EXPECT_EQ(member(json_of(changed), "timezone"), value("Europe/Berlin"));
  EXPECT_EQ(member(json_of(changed), "quiet_hours"), (boost::json::object{{"start", "22:00"}, {"end", "07:00"}}));
  EXPECT_EQ(member(json_of(changed), "digest_seconds"), value(300));
  for (const char* bad : {R"({"timezone": "Mars/Olympus"})", R"({"quiet_hours": {"start": "22:00"}})",
                          R"({"quiet_hours": {"start": "25:00", "end": "07:00"}})",
                          R"({"quiet_hours": {"start": "07:00", "end": "07:00"}})", R"({"digest_seconds": 86401})",
                          R"({"digest_seconds": -1})", R"({"nickname": "x"})"}) {
    expect_v1_error(api.call("PATCH", "/api/v1/me", bad, bearer(user.token)), 400, "validation_failed");
  }
  const auto cleared = api.call("PATCH", "/api/v1/me", R"({"quiet_hours": null})", bearer(user.token));
  EXPECT_EQ(member(json_of(cleared), "quiet_hours"), value(nullptr));
  EXPECT_EQ(member(json_of(cleared), "timezone"), value("Europe/Berlin")) << "the rest stays";
}

TEST(v1_alert_pauses, the_mail_link_pauses_its_alert_by_post_only) {
  api_harness api;
  const auto user = api.register_and_login("pause@example.com");
  const auto made = api.post("/api/v1/alerts", R"({"price": "51000"})", bearer(user.token));
  const auto alert_id = integer_of(member(json_of(made), "id"));
  const auto path = "/api/v1/alert-pauses/" + alert_pause_token(api_harness::pause_key, user.id, alert_id);
  const auto shown = api.get(path);
  EXPECT_EQ(shown.status, 200u);
  EXPECT_NE(shown.body.find("<form method=\"post\">"), std::string::npos);
  const auto alert_path = "/api/v1/alerts/" + std::to_string(alert_id);
  EXPECT_EQ(member(json_of(api.get(alert_path, bearer(user.token))), "status"), value("created")) << "a GET changes nothing";
  const auto paused = api.call("POST", path, "List-Unsubscribe=One-Click",
                               {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(paused.status, 200u) << paused.body;
  EXPECT_EQ(member(json_of(api.get(alert_path, bearer(user.token))), "status"), value("paused"));
  EXPECT_EQ(api.call("POST", path, "List-Unsubscribe=One-Click").status, 200u) << "again: still paused";
  const auto forged = "/api/v1/alert-pauses/" + alert_pause_token("another key", user.id, alert_id);
  EXPECT_EQ(api.call("POST", forged, "").status, 404u);
}

}  // namespace
}  // namespace pricewatch
