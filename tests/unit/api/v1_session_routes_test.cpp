// What the session and account lifecycle routes of issue 16 answer, in-process on the manual
// clock: refresh tokens expire after their lifetime, reset links after an hour and after one use;
// a reset request answers the same for an unknown address and mails nothing; the export holds the
// account's data and no secrets; a deleted account's tokens are dead. The real binary's answers
// are tests/e2e/sessions_test.cpp and account_test.cpp.
#include "api_harness.hpp"

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

namespace pricewatch {
namespace {

using boost::json::value;
using test_support::api_harness;
using test_support::bearer;
using test_support::expect_keys;
using test_support::expect_v1_error;
using test_support::header_of;
using test_support::json_of;
using test_support::member;
using test_support::string_of;

constexpr std::string_view password = api_harness::password;

std::string body_of(std::initializer_list<std::pair<std::string_view, value>> fields) {
  boost::json::object object;
  for (const auto& [key, field] : fields) object[key] = field;
  return boost::json::serialize(object);
}

class v1_session_routes : public ::testing::Test {
 protected:
  struct signed_in {
    std::string access;
    std::string refresh;
  };

  signed_in sign_up(const std::string& email) {
    EXPECT_EQ(api.post("/api/v1/users", body_of({{"email", value(email)}, {"password", value(password)}})).status, 201u);
    const auto issued = api.post("/api/v1/tokens", body_of({{"email", value(email)}, {"password", value(password)}}));
    EXPECT_EQ(issued.status, 200u) << issued.body;
    return {string_of(member(json_of(issued), "access_token")), string_of(member(json_of(issued), "refresh_token"))};
  }

  http::response refresh(const std::string& token) {
    return api.post("/api/v1/tokens/refresh", body_of({{"refresh_token", value(token)}}));
  }

  // The token of the newest reset link mailed.
  std::string last_reset_token() {
    if (api.reset_links().empty()) return {};
    const auto& link = api.reset_links().back();
    return link.substr(link.find("#reset=") + 7);
  }

  api_harness api;
};

TEST_F(v1_session_routes, a_refresh_token_expires_after_its_lifetime_unless_used) {
  const auto session = sign_up("expiry@example.com");
  api.clock().advance(std::chrono::hours(24 * 30) - std::chrono::seconds(1));
  const auto renewed = refresh(session.refresh);
  ASSERT_EQ(renewed.status, 200u) << renewed.body;
  api.clock().advance(std::chrono::hours(24 * 30));
  expect_v1_error(refresh(string_of(member(json_of(renewed), "refresh_token"))), 401, "invalid_token");
}

TEST_F(v1_session_routes, a_reset_link_is_mailed_to_the_account_and_works_once) {
  const auto session = sign_up("reset@example.com");
  const auto asked = api.post("/api/v1/password-resets", body_of({{"email", value("Reset@example.com")}}));
  EXPECT_EQ(asked.status, 202u) << asked.body;
  ASSERT_EQ(api.reset_links().size(), 1u);
  EXPECT_TRUE(api.reset_links()[0].starts_with(api_harness::base_url() + "/#reset=")) << api.reset_links()[0];
  const std::string token = last_reset_token();
  EXPECT_EQ(token.size(), 64u);

  expect_v1_error(api.post("/api/v1/password-resets/" + token, body_of({{"password", value("short")}})), 400,
                  "validation_failed");
  EXPECT_EQ(api.post("/api/v1/password-resets/" + token, body_of({{"password", value("brand new password")}})).status,
            204u);
  expect_v1_error(api.post("/api/v1/password-resets/" + token, body_of({{"password", value("another password")}})),
                  404, "not_found");
  EXPECT_EQ(api.get("/api/v1/alerts", bearer(session.access)).status, 401u) << "sessions end with a reset";
  expect_v1_error(refresh(session.refresh), 401, "invalid_token");
  EXPECT_EQ(api.post("/api/v1/tokens", body_of({{"email", value("reset@example.com")},
                                                {"password", value("brand new password")}}))
                .status,
            200u);
}

TEST_F(v1_session_routes, a_reset_link_expires_after_an_hour) {
  sign_up("late@example.com");
  ASSERT_EQ(api.post("/api/v1/password-resets", body_of({{"email", value("late@example.com")}})).status, 202u);
  const std::string first = last_reset_token();
  ASSERT_EQ(api.post("/api/v1/password-resets", body_of({{"email", value("late@example.com")}})).status, 202u);
  const std::string second = last_reset_token();
  api.clock().advance(std::chrono::minutes(59));
  EXPECT_EQ(api.post("/api/v1/password-resets/" + second, body_of({{"password", value("in good time")}})).status, 204u);
  api.clock().advance(std::chrono::minutes(1));
  expect_v1_error(api.post("/api/v1/password-resets/" + first, body_of({{"password", value("one hour late")}})), 404,
                  "not_found");
}

TEST_F(v1_session_routes, a_reset_request_answers_the_same_for_an_unknown_address_and_mails_nothing) {
  sign_up("known@example.com");
  const auto known = api.post("/api/v1/password-resets", body_of({{"email", value("known@example.com")}}));
  const auto unknown = api.post("/api/v1/password-resets", body_of({{"email", value("nobody@example.com")}}));
  EXPECT_EQ(known.status, 202u);
  EXPECT_EQ(unknown.status, known.status);
  EXPECT_EQ(unknown.body, known.body);
  EXPECT_EQ(unknown.headers, known.headers);
  EXPECT_EQ(api.reset_links().size(), 1u);
  expect_v1_error(api.post("/api/v1/password-resets", body_of({{"email", value("not an address")}})), 400,
                  "validation_failed");
  // The eleventh request for one address within the window is refused, known or not, alike.
  for (int attempt = 2; attempt <= 10; ++attempt) {
    ASSERT_EQ(api.post("/api/v1/password-resets", body_of({{"email", value("nobody@example.com")}})).status, 202u);
    ASSERT_EQ(api.post("/api/v1/password-resets", body_of({{"email", value("known@example.com")}})).status, 202u);
  }
  const auto limited_known = api.post("/api/v1/password-resets", body_of({{"email", value("known@example.com")}}));
  const auto limited_unknown = api.post("/api/v1/password-resets", body_of({{"email", value("nobody@example.com")}}));
  expect_v1_error(limited_known, 429, "rate_limited");
  EXPECT_EQ(limited_unknown.body, limited_known.body);
}

TEST_F(v1_session_routes, the_export_holds_the_accounts_data_and_no_secrets) {
  const auto session = sign_up("export@example.com");
  ASSERT_EQ(api.post("/api/v1/alerts", R"({"symbol": "BTCUSDT", "condition": "above", "price": "51000"})",
                     bearer(session.access))
                .status,
            201u);
  const auto webhook = api.post("/api/v1/channels",
                                R"({"type": "webhook", "name": "Hook", "config": {"url": "https://example.com/h"}})",
                                bearer(session.access));
  ASSERT_EQ(webhook.status, 201u) << webhook.body;
  const std::string secret = string_of(member(json_of(webhook), "secret"));
  const auto exported = api.get("/api/v1/me/export", bearer(session.access));
  ASSERT_EQ(exported.status, 200u) << exported.body;
  EXPECT_EQ(header_of(exported, "Content-Disposition").value_or(""),
            "attachment; filename=\"pricewatch-export.json\"");
  const value body = json_of(exported);
  expect_keys(body, {"exported_at", "account", "alerts", "firings", "channels"});
  EXPECT_EQ(member(member(body, "account"), "email"), value("export@example.com"));
  EXPECT_TRUE(member(member(body, "account"), "created_at").is_string());
  EXPECT_EQ(member(body, "alerts").as_array().size(), 1u);
  EXPECT_EQ(member(member(body, "alerts").as_array()[0], "price"), value("51000"));
  EXPECT_EQ(member(body, "channels").as_array().size(), 2u) << "the account's email and the webhook";
  EXPECT_EQ(exported.body.find(secret), std::string::npos) << "no webhook secret";
  EXPECT_EQ(exported.body.find("argon2"), std::string::npos) << "no password hash";
  EXPECT_EQ(exported.body.find("password"), std::string::npos);
}

TEST_F(v1_session_routes, a_deleted_accounts_tokens_are_dead_and_its_email_free_again) {
  const auto session = sign_up("leaving@example.com");
  expect_v1_error(api.call("DELETE", "/api/v1/me", body_of({{"password", value("wrong password")}}),
                           bearer(session.access)),
                  400, "validation_failed");
  const auto deleted = api.call("DELETE", "/api/v1/me", body_of({{"password", value(password)}}), bearer(session.access));
  EXPECT_EQ(deleted.status, 204u) << deleted.body;
  EXPECT_EQ(api.get("/api/v1/alerts", bearer(session.access)).status, 401u);
  expect_v1_error(refresh(session.refresh), 401, "invalid_token");
  expect_v1_error(api.post("/api/v1/tokens", body_of({{"email", value("leaving@example.com")}, {"password", value(password)}})),
                  401, "invalid_credentials");
  EXPECT_EQ(api.post("/api/v1/users", body_of({{"email", value("leaving@example.com")}, {"password", value(password)}}))
                .status,
            201u);
}

}  // namespace
}  // namespace pricewatch
