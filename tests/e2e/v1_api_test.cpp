// End-to-end tests of the /api/v1 users, tokens and single-alert routes (DESIGN.md 3.2, 3.3):
// status codes, the v1 error shape and its codes, the alert object, and per-user isolation.
#include "e2e_fixture.hpp"
#include "raw_connection.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <memory>
#include <regex>
#include <vector>

namespace pricewatch::e2e {
namespace {

using boost::json::value;

std::string credentials(std::string_view email, std::string_view password) {
  return boost::json::serialize(value{{"email", email}, {"password", password}});
}

bool is_rfc3339_utc(const value& text) {
  static const std::regex format(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z)");
  return text.is_string() && std::regex_match(std::string(text.as_string()), format);
}

class v1_users_test : public service_test {};

TEST_F(v1_users_test, registers_and_refuses_taken_or_invalid_data) {
  http_client http = client();
  const std::string email = unique_email("v1user");
  const http_response created = http.post("/api/v1/users", credentials(email, test_password));
  ASSERT_EQ(created.status, 201u) << created.body;
  const value body = created.json();
  expect_keys(body, {"id", "email", "created_at"});
  EXPECT_GT(integer_of(member(body, "id")), 0);
  EXPECT_EQ(member(body, "email"), value(email));
  EXPECT_TRUE(is_rfc3339_utc(member(body, "created_at"))) << created.body;

  expect_v1_error(http.post("/api/v1/users", credentials(email, test_password)), 409, "conflict");
  const std::string shouted = email.substr(0, email.find('@')) + "@EXAMPLE.com";
  expect_v1_error(http.post("/api/v1/users", credentials(shouted, test_password)), 409, "conflict");
  const std::string fresh = unique_email("v1bad");
  for (const std::string& request : {credentials("nope", test_password), credentials(fresh, "short12"),
                                     std::string(R"({"email": ")" + fresh + R"("})"), std::string("[]")}) {
    SCOPED_TRACE(request);
    expect_v1_error(http.post("/api/v1/users", request), 400, "validation_failed");
  }
  const http_response malformed = http.post("/api/v1/users", "{nope");
  EXPECT_EQ(malformed.status, 400u) << malformed.body;
  EXPECT_TRUE(member(member(malformed.json(), "error"), "code").is_string()) << malformed.body;
  const http_response plain = http.post("/api/v1/users", credentials(fresh, test_password), {{"Content-Type", "text/plain"}});
  EXPECT_EQ(plain.status, 415u) << plain.body;
  EXPECT_TRUE(member(member(plain.json(), "error"), "code").is_string()) << plain.body;
}

// A NUL in the local part was stored, and the alert email went to the address cut at the NUL.
TEST_F(v1_users_test, refuses_control_characters_anywhere_in_an_email_on_both_apis) {
  http_client http = client();
  for (const char* escaped : {"a\\u0000b", "a\\u000d\\u000ab", "a\\tb", "a\\u007fb"}) {
    const std::string body = std::string(R"({"email": ")") + escaped + R"(@example.com", "password": ")" +
                             std::string(test_password) + R"("})";
    SCOPED_TRACE(body);
    expect_v1_error(http.post("/api/v1/users", body), 400, "validation_failed");
    const http_response original = http.post("/api/register/", body);
    EXPECT_EQ(original.status, 400u) << original.body;
  }
}

class v1_tokens_test : public service_test {};

TEST_F(v1_tokens_test, issues_a_bearer_token_that_both_apis_accept) {
  http_client http = client();
  const std::string email = unique_email("v1token");
  ASSERT_EQ(http.post("/api/v1/users", credentials(email, test_password)).status, 201u);
  const http_response issued = http.post("/api/v1/tokens", credentials(email, test_password));
  ASSERT_EQ(issued.status, 200u) << issued.body;
  const value body = issued.json();
  expect_keys(body, {"access_token", "token_type", "expires_in"});
  EXPECT_EQ(member(body, "token_type"), value("Bearer"));
  EXPECT_EQ(member(body, "expires_in"), value(1800));
  const std::string token = string_of(member(body, "access_token"));
  EXPECT_EQ(http.get("/api/v1/alerts", bearer(token)).status, 200u);
  EXPECT_EQ(http.get("/api/alerts/", bearer(token)).status, 200u);

  expect_v1_error(http.post("/api/v1/tokens", credentials(email, "wrong password")), 401, "invalid_credentials");
  expect_v1_error(http.post("/api/v1/tokens", credentials(unique_email("ghost"), test_password)), 401,
                  "invalid_credentials");
  expect_v1_error(http.post("/api/v1/tokens", R"({"email": "x@example.com"})"), 400, "validation_failed");
}

// Argon2id runs on threads of its own: while a burst of logins hashes, a request that needs the
// database is answered, instead of queueing behind the logins on the database's threads.
TEST_F(v1_tokens_test, a_burst_of_logins_does_not_hold_up_database_work) {
  http_client http = client();
  const std::string email = unique_email("burst");
  ASSERT_EQ(http.post("/api/v1/users", credentials(email, test_password)).status, 201u);
  const http_response issued = http.post("/api/v1/tokens", credentials(email, test_password));
  const std::string token = string_of(member(issued.json(), "access_token"));
  const std::string body = credentials(email, test_password);
  std::vector<std::unique_ptr<raw_connection>> logins;
  for (int index = 0; index < 16; ++index) {
    logins.push_back(std::make_unique<raw_connection>(port()));
    logins.back()->send("POST /api/v1/tokens HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
  }
  raw_connection lookup(port());
  lookup.send("GET /api/v1/alerts/999999 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\n\r\n");
  EXPECT_EQ(lookup.read_response().status, 404u);
  // Answered while the logins were hashing (two at a time on two cores), not after most of them.
  std::vector<bool> answered;
  for (auto& login : logins) answered.push_back(login->read_response(std::chrono::milliseconds(0)).status == 200);
  EXPECT_LE(std::count(answered.begin(), answered.end(), true), 8) << "the lookup waited behind the logins";
  for (std::size_t index = 0; index < logins.size(); ++index) {
    if (!answered[index]) {
      EXPECT_EQ(logins[index]->read_response().status, 200u);
    }
  }
}

TEST_F(v1_tokens_test, rate_limits_an_account_after_ten_failures) {
  http_client http = client();
  const std::string email = unique_email("v1limit");
  ASSERT_EQ(http.post("/api/v1/users", credentials(email, test_password)).status, 201u);
  for (int attempt = 1; attempt <= 10; ++attempt) {
    ASSERT_EQ(http.post("/api/v1/tokens", credentials(email, "wrong password")).status, 401u) << attempt;
  }
  const http_response limited = http.post("/api/v1/tokens", credentials(email, test_password));
  expect_v1_error(limited, 429, "rate_limited");
  const std::string retry_after = limited.header("Retry-After").value_or("");
  EXPECT_TRUE(!retry_after.empty() && retry_after.find_first_not_of("0123456789") == std::string::npos &&
              std::stol(retry_after) > 0)
      << "Retry-After: '" << retry_after << "'";
}

class v1_alerts_test : public service_test {};

TEST_F(v1_alerts_test, creates_an_alert_at_its_location) {
  http_client http = client();
  const test_user user = register_and_login(http, "v1create");
  const http_response created =
      http.post("/api/v1/alerts", R"({"symbol":"ETHUSDT","condition":"below","price":"1800.5"})", bearer(user.token));
  ASSERT_EQ(created.status, 201u) << created.body;
  const value alert = created.json();
  expect_keys(alert, {"id", "symbol", "condition", "price", "status", "created_at", "triggered_at",
                      "triggered_price", "notification"});
  const std::int64_t id = integer_of(member(alert, "id"));
  EXPECT_EQ(created.header("Location").value_or(""), "/api/v1/alerts/" + std::to_string(id));
  EXPECT_EQ(member(alert, "symbol"), value("ETHUSDT"));
  EXPECT_EQ(member(alert, "condition"), value("below"));
  EXPECT_EQ(member(alert, "price"), value("1800.5"));
  EXPECT_EQ(member(alert, "status"), value("created"));
  EXPECT_TRUE(is_rfc3339_utc(member(alert, "created_at"))) << created.body;
  for (const char* empty : {"triggered_at", "triggered_price", "notification"}) {
    EXPECT_TRUE(alert.as_object().contains(empty) && member(alert, empty).is_null()) << empty;
  }
  const http_response fetched = http.get("/api/v1/alerts/" + std::to_string(id), bearer(user.token));
  EXPECT_EQ(fetched.status, 200u) << fetched.body;
  EXPECT_EQ(fetched.json(), alert);

  const http_response defaulted = http.post("/api/v1/alerts", R"({"price": "51000"})", bearer(user.token));
  EXPECT_EQ(defaulted.status, 201u) << defaulted.body;
  EXPECT_EQ(member(defaulted.json(), "symbol"), value("BTCUSDT"));
  EXPECT_EQ(member(defaulted.json(), "condition"), value("above"));
}

TEST_F(v1_alerts_test, refuses_invalid_fields) {
  http_client http = client();
  const test_user user = register_and_login(http, "v1invalid");
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
    expect_v1_error(http.post("/api/v1/alerts", request, bearer(user.token)), 400, "validation_failed");
  }
  EXPECT_EQ(member(http.get("/api/v1/alerts", bearer(user.token)).json(), "count"), value(0));
}

TEST_F(v1_alerts_test, shows_and_deletes_only_the_owners_alert) {
  http_client http = client();
  const test_user owner = register_and_login(http, "v1owner");
  const test_user other = register_and_login(http, "v1other");
  const http_response created = http.post("/api/v1/alerts", R"({"price": "51000"})", bearer(owner.token));
  const std::string path = "/api/v1/alerts/" + std::to_string(integer_of(member(created.json(), "id")));
  expect_v1_error(http.get(path, bearer(other.token)), 404, "not_found");
  expect_v1_error(http.remove(path, bearer(other.token)), 404, "not_found");
  expect_v1_error(http.get("/api/v1/alerts/999999999", bearer(owner.token)), 404, "not_found");
  expect_v1_error(http.get("/api/v1/alerts/abc", bearer(owner.token)), 404, "not_found");
  EXPECT_EQ(member(http.get(path, bearer(owner.token)).json(), "status"), value("created"));

  const http_response deleted = http.remove(path, bearer(owner.token));
  EXPECT_EQ(deleted.status, 204u) << deleted.body;
  EXPECT_TRUE(deleted.body.empty()) << deleted.body;
  const http_response after = http.get(path, bearer(owner.token));
  EXPECT_EQ(after.status, 200u) << after.body;
  EXPECT_EQ(member(after.json(), "status"), value("deleted"));
}

}  // namespace
}  // namespace pricewatch::e2e
