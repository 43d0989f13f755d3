// What the original service's register and log-in routes answer (ORIGINAL_API.md), with its exact
// bodies, and the failed-login limit (DESIGN.md 3.3), on the real route table in-process.
#include "api_harness.hpp"
#include "jwt_forge.hpp"

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <charconv>
#include <string>
#include <vector>

namespace pricewatch {
namespace {

using boost::json::value;
using test_support::api_harness;
using test_support::decode_token;
using test_support::expect_keys;
using test_support::expect_original_error;
using test_support::header_of;
using test_support::integer_of;
using test_support::json_of;
using test_support::member;
using test_support::string_of;

constexpr std::string_view password = api_harness::password;

std::string credentials(std::string_view email, std::string_view given) {
  return boost::json::serialize(value{{"email", email}, {"password", given}});
}

// {"error": "Invalid data"} plus, on register, a "reason".
void expect_invalid_data(const http::response& response, bool with_reason, std::string_view request) {
  EXPECT_EQ(response.status, 400u) << request << " -> " << response.body;
  const value body = json_of(response);
  EXPECT_EQ(member(body, "error"), value("Invalid data")) << request << " -> " << response.body;
  if (with_reason) {
    expect_keys(body, {"error", "reason"});
    const value reason = member(body, "reason");
    EXPECT_TRUE(reason.is_string() && !reason.as_string().empty()) << request << " -> " << response.body;
  }
}

class original_register_routes : public ::testing::Test {
 protected:
  api_harness api;
};

TEST_F(original_register_routes, registers_on_both_paths_and_lower_cases_the_domain) {
  const auto with_slash = api.post("/api/register/", credentials("Mixed.Case@Example.COM", password));
  EXPECT_EQ(with_slash.status, 201u) << with_slash.body;
  EXPECT_EQ(json_of(with_slash), value({{"email", "Mixed.Case@example.com"}}));

  const auto without_slash = api.post("/api/register", credentials("no-slash@example.com", password));
  EXPECT_EQ(without_slash.status, 201u) << without_slash.body;
  EXPECT_EQ(json_of(without_slash), value({{"email", "no-slash@example.com"}}));
}

TEST_F(original_register_routes, trims_the_email_a_client_typed_with_spaces_and_logs_in_with_either) {
  const auto registered = api.post("/api/register/", credentials("  spaced@Example.com ", password));
  EXPECT_EQ(registered.status, 201u) << registered.body;
  EXPECT_EQ(json_of(registered), value({{"email", "spaced@example.com"}}));
  for (const char* typed : {"spaced@example.com", " spaced@example.com  "}) {
    const auto login = api.post("/api/login/", credentials(typed, password));
    EXPECT_EQ(login.status, 200u) << typed << " -> " << login.body;
  }
  const auto again = api.post("/api/register/", credentials("spaced@example.com", password));
  EXPECT_EQ(again.status, 400u) << "the same account: " << again.body;
}

TEST_F(original_register_routes, refuses_invalid_data_with_a_reason) {
  const std::string fresh = "invalid@example.com";
  const std::string long_email = std::string(250, 'a') + "@example.com";
  const std::vector<std::string> bodies{
      R"({"password": "correct horse battery"})",
      R"({"email": ")" + fresh + R"("})",
      "[]",
      R"("x")",
      R"({"email": )",
      R"({"email": 5, "password": "correct horse battery"})",
      R"({"email": null, "password": "correct horse battery"})",
      credentials("nope", password),
      credentials("a@b", password),
      credentials(long_email, password),
      credentials(fresh, "short12"),
      credentials(fresh, std::string(257, 'p')),
  };
  for (const auto& body : bodies) expect_invalid_data(api.post("/api/register/", body), true, body);
  // None of them registered the address.
  EXPECT_EQ(api.post("/api/register/", credentials(fresh, password)).status, 201u);
}

// A NUL in the local part was stored, and the alert email went to the address cut at the NUL.
TEST_F(original_register_routes, refuses_control_characters_anywhere_in_an_email) {
  for (const char* escaped : {"a\\u0000b", "a\\u000d\\u000ab", "a\\tb", "a\\u007fb"}) {
    const std::string body = std::string(R"({"email": ")") + escaped + R"(@example.com", "password": ")" +
                             std::string(password) + R"("})";
    const auto response = api.post("/api/register/", body);
    EXPECT_EQ(response.status, 400u) << body << " -> " << response.body;
  }
}

TEST_F(original_register_routes, accepts_passwords_of_8_and_256_characters) {
  const auto shortest = api.post("/api/register/", credentials("pw8@example.com", "12345678"));
  EXPECT_EQ(shortest.status, 201u) << shortest.body;
  const auto longest = api.post("/api/register/", credentials("pw256@example.com", std::string(256, 'p')));
  EXPECT_EQ(longest.status, 201u) << longest.body;
}

TEST_F(original_register_routes, refuses_an_email_already_registered_whatever_its_case) {
  const std::string first = "Dup@Example.com";
  const std::string second = "dup@example.COM";
  EXPECT_EQ(api.post("/api/register/", credentials(first, password)).status, 201u);
  expect_original_error(api.post("/api/register/", credentials(second, password)), 400, "Email already registered");
  expect_original_error(api.post("/api/register", credentials(first, password)), 400, "Email already registered");
}

TEST_F(original_register_routes, accepts_form_encoded_bodies_like_django_rest_framework) {
  const std::string form = "email=form%40example.com&password=correct+horse+battery";
  const test_support::header_list form_type{{"Content-Type", "application/x-www-form-urlencoded"}};
  const auto registered = api.post("/api/register/", form, form_type);
  EXPECT_EQ(registered.status, 201u) << registered.body;
  EXPECT_EQ(json_of(registered), value({{"email", "form@example.com"}}));
  const auto logged_in = api.post("/api/login/", form, form_type);
  EXPECT_EQ(logged_in.status, 200u) << logged_in.body;
}

// The original's register and login ran json.loads on the body whatever the Content-Type said:
// a bare fetch() sends text/plain;charset=UTF-8, `curl -d` sends a form type.
TEST_F(original_register_routes, reads_a_json_body_whatever_its_content_type) {
  int n = 0;
  for (const std::string type : {"application/json; charset=utf-8", "text/plain;charset=UTF-8",
                                 "application/x-www-form-urlencoded", "application/octet-stream"}) {
    const auto email = "type" + std::to_string(++n) + "@example.com";
    const auto registered = api.post("/api/register/", credentials(email, password), {{"Content-Type", type}});
    EXPECT_EQ(registered.status, 201u) << type << ": " << registered.body;
    const auto logged_in = api.post("/api/login/", credentials(email, password), {{"Content-Type", type}});
    EXPECT_EQ(logged_in.status, 200u) << type << ": " << logged_in.body;
  }
  const auto not_json = api.post("/api/register/", "email: a@example.com", {{"Content-Type", "text/plain"}});
  EXPECT_EQ(not_json.status, 400u) << not_json.body;
  EXPECT_EQ(member(json_of(not_json), "error"), value("Invalid data")) << not_json.body;
}

class original_login_routes : public ::testing::Test {
 protected:
  api_harness api;
};

TEST_F(original_login_routes, returns_an_hs256_access_token_with_every_claim) {
  const std::string email = "login@example.com";
  ASSERT_EQ(api.post("/api/register/", credentials(email, password)).status, 201u);
  const auto response = api.post("/api/login/", credentials(email, password));
  ASSERT_EQ(response.status, 200u) << response.body;
  const value body = json_of(response);
  expect_keys(body, {"JWT token", "access_token", "token_type", "expires_in"});
  EXPECT_EQ(member(body, "token_type"), value("Bearer"));
  EXPECT_EQ(member(body, "expires_in"), value(1800));
  const std::string token = string_of(member(body, "JWT token"));
  EXPECT_EQ(member(body, "access_token"), value(token));

  const auto decoded = decode_token(token);
  EXPECT_EQ(member(decoded.header, "alg"), value("HS256"));
  const value payload = decoded.payload;
  EXPECT_EQ(member(payload, "token_type"), value("access"));
  const std::int64_t user_id = integer_of(member(payload, "user_id"));
  EXPECT_GT(user_id, 0);
  EXPECT_EQ(member(payload, "sub"), value(std::to_string(user_id)));
  EXPECT_EQ(member(payload, "email"), value(email));
  EXPECT_FALSE(string_of(member(payload, "jti")).empty());
  const std::int64_t issued_at = integer_of(member(payload, "iat"));
  EXPECT_EQ(integer_of(member(payload, "exp")) - issued_at, 1800);
  EXPECT_EQ(issued_at, api.now_seconds()) << "issued by the service's clock";
  EXPECT_FALSE(member(payload, "iss").is_null()) << boost::json::serialize(payload);
  EXPECT_FALSE(member(payload, "aud").is_null()) << boost::json::serialize(payload);

  const auto again = api.post("/api/login", credentials(email, password));
  ASSERT_EQ(again.status, 200u) << again.body;
  const auto second = decode_token(string_of(member(json_of(again), "access_token")));
  EXPECT_NE(member(second.payload, "jti"), member(payload, "jti")) << "jti must be unique";
}

TEST_F(original_login_routes, answers_invalid_credentials_alike_for_unknown_email_and_wrong_password) {
  const std::string email = "creds@example.com";
  ASSERT_EQ(api.post("/api/register/", credentials(email, password)).status, 201u);
  expect_original_error(api.post("/api/login/", credentials(email, "wrong password")), 401, "Invalid credentials");
  expect_original_error(api.post("/api/login/", credentials("nobody@example.com", password)), 401,
                        "Invalid credentials");
}

TEST_F(original_login_routes, refuses_invalid_data) {
  const std::vector<std::string> bodies{R"({"email": "x@example.com"})", R"({"password": "correct horse battery"})",
                                        "[]", R"("x")", R"({"email": )"};
  for (const auto& body : bodies) expect_invalid_data(api.post("/api/login/", body), false, body);
}

class original_login_limit : public ::testing::Test {
 protected:
  api_harness api;
};

void expect_locked_out(const http::response& response) {
  EXPECT_EQ(response.status, 429u) << response.body;
  EXPECT_EQ(json_of(response), value({{"error", "Too many failed login attempts. Try again later."}}));
  const std::string retry_after = header_of(response, "Retry-After").value_or("");
  long seconds = 0;
  const auto [end, error] = std::from_chars(retry_after.data(), retry_after.data() + retry_after.size(), seconds);
  EXPECT_TRUE(error == std::errc() && end == retry_after.data() + retry_after.size() && seconds > 0 &&
              seconds <= 900)
      << "Retry-After: '" << retry_after << "'";
}

TEST_F(original_login_limit, locks_an_account_after_ten_failures_even_for_the_right_password) {
  const std::string victim = "victim@example.com";
  const std::string bystander = "bystander@example.com";
  ASSERT_EQ(api.post("/api/register/", credentials(victim, password)).status, 201u);
  ASSERT_EQ(api.post("/api/register/", credentials(bystander, password)).status, 201u);
  for (int attempt = 1; attempt <= 10; ++attempt) {
    const auto failed = api.post("/api/login/", credentials(victim, "wrong password"));
    ASSERT_EQ(failed.status, 401u) << "attempt " << attempt << ": " << failed.body;
  }
  expect_locked_out(api.post("/api/login/", credentials(victim, password)));
  expect_locked_out(api.post("/api/login/", credentials(victim, "wrong password")));
  const auto other = api.post("/api/login/", credentials(bystander, password));
  EXPECT_EQ(other.status, 200u) << other.body;
}

TEST_F(original_login_limit, never_refuses_a_right_password_before_the_limit) {
  const std::string email = "almost@example.com";
  ASSERT_EQ(api.post("/api/register/", credentials(email, password)).status, 201u);
  for (int attempt = 1; attempt <= 9; ++attempt) {
    ASSERT_EQ(api.post("/api/login/", credentials(email, "wrong password")).status, 401u);
  }
  const auto success = api.post("/api/login/", credentials(email, password));
  EXPECT_EQ(success.status, 200u) << success.body;
}

}  // namespace
}  // namespace pricewatch
