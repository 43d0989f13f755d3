// What /api/v1/users (register) and /api/v1/tokens (log in) answer (DESIGN.md 3.2, 3.3): status
// codes, the v1 error shape and its codes, and the failed-login limit.
#include "api_harness.hpp"

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <regex>
#include <string>

namespace pricewatch {
namespace {

using boost::json::value;
using test_support::api_harness;
using test_support::bearer;
using test_support::expect_keys;
using test_support::expect_v1_error;
using test_support::header_of;
using test_support::integer_of;
using test_support::json_of;
using test_support::member;
using test_support::string_of;

constexpr std::string_view password = api_harness::password;

std::string credentials(std::string_view email, std::string_view given) {
  return boost::json::serialize(value{{"email", email}, {"password", given}});
}

bool is_rfc3339_utc(const value& text) {
  static const std::regex format(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z)");
  return text.is_string() && std::regex_match(std::string(text.as_string()), format);
}

class v1_user_routes : public ::testing::Test {
 protected:
  api_harness api;
};

TEST_F(v1_user_routes, registers_and_refuses_taken_or_invalid_data) {
  const std::string email = "v1user@example.com";
  const auto created = api.post("/api/v1/users", credentials(email, password));
  ASSERT_EQ(created.status, 201u) << created.body;
  const value body = json_of(created);
  expect_keys(body, {"id", "email", "created_at"});
  EXPECT_GT(integer_of(member(body, "id")), 0);
  EXPECT_EQ(member(body, "email"), value(email));
  EXPECT_TRUE(is_rfc3339_utc(member(body, "created_at"))) << created.body;

  expect_v1_error(api.post("/api/v1/users", credentials(email, password)), 409, "conflict");
  expect_v1_error(api.post("/api/v1/users", credentials("v1user@EXAMPLE.com", password)), 409, "conflict");
  const std::string fresh = "v1bad@example.com";
  for (const std::string& request : {credentials("nope", password), credentials(fresh, "short12"),
                                     std::string(R"({"email": ")" + fresh + R"("})"), std::string("[]")}) {
    SCOPED_TRACE(request);
    expect_v1_error(api.post("/api/v1/users", request), 400, "validation_failed");
  }
  const auto malformed = api.post("/api/v1/users", "{nope");
  EXPECT_EQ(malformed.status, 400u) << malformed.body;
  EXPECT_TRUE(member(member(json_of(malformed), "error"), "code").is_string()) << malformed.body;
  const auto plain = api.post("/api/v1/users", credentials(fresh, password), {{"Content-Type", "text/plain"}});
  EXPECT_EQ(plain.status, 415u) << plain.body;
  EXPECT_TRUE(member(member(json_of(plain), "error"), "code").is_string()) << plain.body;
}

// A NUL in the local part was stored, and the alert email went to the address cut at the NUL.
TEST_F(v1_user_routes, refuses_control_characters_anywhere_in_an_email) {
  for (const char* escaped : {"a\\u0000b", "a\\u000d\\u000ab", "a\\tb", "a\\u007fb"}) {
    const std::string body = std::string(R"({"email": ")") + escaped + R"(@example.com", "password": ")" +
                             std::string(password) + R"("})";
    SCOPED_TRACE(body);
    expect_v1_error(api.post("/api/v1/users", body), 400, "validation_failed");
  }
}

class v1_token_routes : public ::testing::Test {
 protected:
  api_harness api;
};

TEST_F(v1_token_routes, issues_a_bearer_token_that_both_apis_accept) {
  const std::string email = "v1token@example.com";
  ASSERT_EQ(api.post("/api/v1/users", credentials(email, password)).status, 201u);
  const auto issued = api.post("/api/v1/tokens", credentials(email, password));
  ASSERT_EQ(issued.status, 200u) << issued.body;
  const value body = json_of(issued);
  expect_keys(body, {"access_token", "token_type", "expires_in", "refresh_token", "refresh_expires_in"});
  EXPECT_EQ(member(body, "token_type"), value("Bearer"));
  EXPECT_EQ(member(body, "expires_in"), value(1800));
  const std::string token = string_of(member(body, "access_token"));
  EXPECT_EQ(api.get("/api/v1/alerts", bearer(token)).status, 200u);
  EXPECT_EQ(api.get("/api/alerts/", bearer(token)).status, 200u);

  expect_v1_error(api.post("/api/v1/tokens", credentials(email, "wrong password")), 401, "invalid_credentials");
  expect_v1_error(api.post("/api/v1/tokens", credentials("ghost@example.com", password)), 401,
                  "invalid_credentials");
  expect_v1_error(api.post("/api/v1/tokens", R"({"email": "x@example.com"})"), 400, "validation_failed");
}

TEST_F(v1_token_routes, rate_limits_an_account_after_ten_failures) {
  const std::string email = "v1limit@example.com";
  ASSERT_EQ(api.post("/api/v1/users", credentials(email, password)).status, 201u);
  for (int attempt = 1; attempt <= 10; ++attempt) {
    ASSERT_EQ(api.post("/api/v1/tokens", credentials(email, "wrong password")).status, 401u) << attempt;
  }
  const auto limited = api.post("/api/v1/tokens", credentials(email, password));
  expect_v1_error(limited, 429, "rate_limited");
  const std::string retry_after = header_of(limited, "Retry-After").value_or("");
  EXPECT_TRUE(!retry_after.empty() && retry_after.find_first_not_of("0123456789") == std::string::npos &&
              std::stol(retry_after) > 0)
      << "Retry-After: '" << retry_after << "'";
}

}  // namespace
}  // namespace pricewatch
