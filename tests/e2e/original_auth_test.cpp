// End-to-end tests of the original service's register and log-in routes (ORIGINAL_API.md), with
// its exact bodies, and of the failed-login limit (DESIGN.md 3.3).
#include "e2e_fixture.hpp"
#include "jwt_forge.hpp"

#include <boost/json/serialize.hpp>

#include <charconv>
#include <chrono>
#include <cstdlib>
#include <vector>

namespace pricewatch::e2e {
namespace {

std::string credentials(std::string_view email, std::string_view password) {
  return boost::json::serialize(boost::json::value{{"email", email}, {"password", password}});
}

// {"error": "Invalid data"} plus, on register, a "reason".
void expect_invalid_data(const http_response& response, bool with_reason, std::string_view request) {
  EXPECT_EQ(response.status, 400u) << request << " -> " << response.body;
  const boost::json::value body = response.json();
  EXPECT_EQ(member(body, "error"), boost::json::value("Invalid data")) << request << " -> " << response.body;
  if (with_reason) {
    expect_keys(body, {"error", "reason"});
    const boost::json::value reason = member(body, "reason");
    EXPECT_TRUE(reason.is_string() && !reason.as_string().empty()) << request << " -> " << response.body;
  }
}

class original_register_test : public service_test {};

TEST_F(original_register_test, registers_on_both_paths_and_lower_cases_the_domain) {
  http_client http = client();
  const std::string stored = unique_email("Mixed.Case");
  const std::string sent = stored.substr(0, stored.find('@')) + "@Example.COM";
  const http_response with_slash = http.post("/api/register/", credentials(sent, test_password));
  EXPECT_EQ(with_slash.status, 201u) << with_slash.body;
  EXPECT_EQ(with_slash.json(), boost::json::value({{"email", stored}}));

  const std::string other = unique_email("no-slash");
  const http_response without_slash = http.post("/api/register", credentials(other, test_password));
  EXPECT_EQ(without_slash.status, 201u) << without_slash.body;
  EXPECT_EQ(without_slash.json(), boost::json::value({{"email", other}}));
}

TEST_F(original_register_test, refuses_invalid_data_with_a_reason) {
  http_client http = client();
  const std::string fresh = unique_email("invalid");
  const std::string long_email = std::string(250, 'a') + "@example.com";
  const std::vector<std::string> bodies{
      R"({"password": "correct horse battery"})",
      R"({"email": ")" + fresh + R"("})",
      "[]",
      R"("x")",
      R"({"email": )",
      R"({"email": 5, "password": "correct horse battery"})",
      R"({"email": null, "password": "correct horse battery"})",
      credentials("nope", test_password),
      credentials("a@b", test_password),
      credentials(long_email, test_password),
      credentials(fresh, "short12"),
      credentials(fresh, std::string(257, 'p')),
  };
  for (const auto& body : bodies) expect_invalid_data(http.post("/api/register/", body), true, body);
  // None of them registered the address.
  EXPECT_EQ(http.post("/api/register/", credentials(fresh, test_password)).status, 201u);
}

TEST_F(original_register_test, accepts_passwords_of_8_and_256_characters) {
  http_client http = client();
  const http_response shortest = http.post("/api/register/", credentials(unique_email("pw8"), "12345678"));
  EXPECT_EQ(shortest.status, 201u) << shortest.body;
  const http_response longest =
      http.post("/api/register/", credentials(unique_email("pw256"), std::string(256, 'p')));
  EXPECT_EQ(longest.status, 201u) << longest.body;
}

TEST_F(original_register_test, refuses_an_email_already_registered_whatever_its_case) {
  http_client http = client();
  const std::string email = unique_email("dup");
  const std::string local = email.substr(0, email.find('@'));  // dup-<pid>-<n>
  const std::string first = "D" + local.substr(1) + "@Example.com";
  const std::string second = local + "@example.COM";
  EXPECT_EQ(http.post("/api/register/", credentials(first, test_password)).status, 201u);
  expect_original_error(http.post("/api/register/", credentials(second, test_password)), 400,
                        "Email already registered");
  expect_original_error(http.post("/api/register", credentials(first, test_password)), 400,
                        "Email already registered");
}

TEST_F(original_register_test, accepts_form_encoded_bodies_like_django_rest_framework) {
  http_client http = client();
  const std::string email = unique_email("form");
  const std::string local = email.substr(0, email.find('@'));
  const std::string form = "email=" + local + "%40example.com&password=correct+horse+battery";
  const header_list form_type{{"Content-Type", "application/x-www-form-urlencoded"}};
  const http_response registered = http.post("/api/register/", form, form_type);
  EXPECT_EQ(registered.status, 201u) << registered.body;
  EXPECT_EQ(registered.json(), boost::json::value({{"email", email}}));
  const http_response logged_in = http.post("/api/login/", form, form_type);
  EXPECT_EQ(logged_in.status, 200u) << logged_in.body;
}

TEST_F(original_register_test, accepts_json_with_a_charset_and_refuses_other_media_types) {
  http_client http = client();
  const http_response charset = http.post("/api/register/", credentials(unique_email("charset"), test_password),
                                          {{"Content-Type", "application/json; charset=utf-8"}});
  EXPECT_EQ(charset.status, 201u) << charset.body;
  const http_response plain = http.post("/api/register/", credentials(unique_email("plain"), test_password),
                                        {{"Content-Type", "text/plain"}});
  EXPECT_EQ(plain.status, 415u) << plain.body;
}

class original_login_test : public service_test {};

TEST_F(original_login_test, returns_an_hs256_access_token_with_every_claim) {
  http_client http = client();
  const std::string email = unique_email("login");
  ASSERT_EQ(http.post("/api/register/", credentials(email, test_password)).status, 201u);
  const http_response response = http.post("/api/login/", credentials(email, test_password));
  ASSERT_EQ(response.status, 200u) << response.body;
  const boost::json::value body = response.json();
  expect_keys(body, {"JWT token", "access_token", "token_type", "expires_in"});
  EXPECT_EQ(member(body, "token_type"), boost::json::value("Bearer"));
  EXPECT_EQ(member(body, "expires_in"), boost::json::value(1800));
  const std::string token = string_of(member(body, "JWT token"));
  EXPECT_EQ(member(body, "access_token"), boost::json::value(token));

  const decoded_token decoded = decode_token(token);
  EXPECT_EQ(member(decoded.header, "alg"), boost::json::value("HS256"));
  const boost::json::value payload = decoded.payload;
  EXPECT_EQ(member(payload, "token_type"), boost::json::value("access"));
  const std::int64_t user_id = integer_of(member(payload, "user_id"));
  EXPECT_GT(user_id, 0);
  EXPECT_EQ(member(payload, "sub"), boost::json::value(std::to_string(user_id)));
  EXPECT_EQ(member(payload, "email"), boost::json::value(email));
  EXPECT_FALSE(string_of(member(payload, "jti")).empty());
  const std::int64_t issued_at = integer_of(member(payload, "iat"));
  EXPECT_EQ(integer_of(member(payload, "exp")) - issued_at, 1800);
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::system_clock::now().time_since_epoch()).count();
  EXPECT_LE(std::abs(now - issued_at), 60);
  EXPECT_FALSE(member(payload, "iss").is_null()) << boost::json::serialize(payload);
  EXPECT_FALSE(member(payload, "aud").is_null()) << boost::json::serialize(payload);

  const http_response again = http.post("/api/login", credentials(email, test_password));
  ASSERT_EQ(again.status, 200u) << again.body;
  const decoded_token second = decode_token(string_of(member(again.json(), "access_token")));
  EXPECT_NE(member(second.payload, "jti"), member(payload, "jti")) << "jti must be unique";
}

TEST_F(original_login_test, answers_invalid_credentials_alike_for_unknown_email_and_wrong_password) {
  http_client http = client();
  const std::string email = unique_email("creds");
  ASSERT_EQ(http.post("/api/register/", credentials(email, test_password)).status, 201u);
  expect_original_error(http.post("/api/login/", credentials(email, "wrong password")), 401, "Invalid credentials");
  expect_original_error(http.post("/api/login/", credentials(unique_email("nobody"), test_password)), 401,
                        "Invalid credentials");
}

TEST_F(original_login_test, refuses_invalid_data) {
  http_client http = client();
  const std::vector<std::string> bodies{R"({"email": "x@example.com"})", R"({"password": "correct horse battery"})",
                                        "[]", R"("x")", R"({"email": )"};
  for (const auto& body : bodies) expect_invalid_data(http.post("/api/login/", body), false, body);
}

class login_limit_test : public service_test {};

void expect_locked_out(const http_response& response) {
  EXPECT_EQ(response.status, 429u) << response.body;
  EXPECT_EQ(response.json(), boost::json::value({{"error", "Too many failed login attempts. Try again later."}}));
  const std::string retry_after = response.header("Retry-After").value_or("");
  long seconds = 0;
  const auto [end, error] = std::from_chars(retry_after.data(), retry_after.data() + retry_after.size(), seconds);
  EXPECT_TRUE(error == std::errc() && end == retry_after.data() + retry_after.size() && seconds > 0 &&
              seconds <= 900)
      << "Retry-After: '" << retry_after << "'";
}

TEST_F(login_limit_test, locks_an_account_after_ten_failures_even_for_the_right_password) {
  http_client http = client();
  const std::string victim = unique_email("victim");
  const std::string bystander = unique_email("bystander");
  ASSERT_EQ(http.post("/api/register/", credentials(victim, test_password)).status, 201u);
  ASSERT_EQ(http.post("/api/register/", credentials(bystander, test_password)).status, 201u);
  for (int attempt = 1; attempt <= 10; ++attempt) {
    const http_response failed = http.post("/api/login/", credentials(victim, "wrong password"));
    ASSERT_EQ(failed.status, 401u) << "attempt " << attempt << ": " << failed.body;
  }
  expect_locked_out(http.post("/api/login/", credentials(victim, test_password)));
  expect_locked_out(http.post("/api/login/", credentials(victim, "wrong password")));
  const http_response other = http.post("/api/login/", credentials(bystander, test_password));
  EXPECT_EQ(other.status, 200u) << other.body;
}

TEST_F(login_limit_test, never_refuses_a_right_password_before_the_limit) {
  http_client http = client();
  const std::string email = unique_email("almost");
  ASSERT_EQ(http.post("/api/register/", credentials(email, test_password)).status, 201u);
  for (int attempt = 1; attempt <= 9; ++attempt) {
    ASSERT_EQ(http.post("/api/login/", credentials(email, "wrong password")).status, 401u);
  }
  const http_response success = http.post("/api/login/", credentials(email, test_password));
  EXPECT_EQ(success.status, 200u) << success.body;
}

}  // namespace
}  // namespace pricewatch::e2e
