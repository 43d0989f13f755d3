// Authentication on the original and /api/v1 routes: a missing header, and every forged, expired,
// tampered or mis-addressed token, built by hand with the harness's secret (jwt_forge.hpp), in
// the shape each API answers it.
#include "api_harness.hpp"
#include "jwt_forge.hpp"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace pricewatch {
namespace {

using boost::json::object;
using boost::json::value;
using test_support::api_harness;
using test_support::bearer;
using test_support::decode_token;
using test_support::decoded_token;
using test_support::expect_v1_error;
using test_support::forge_token;
using test_support::header_of;
using test_support::json_of;
using test_support::member;
using test_support::replace_payload;
using test_support::signing_algorithm;

constexpr std::string_view other_secret = "another-secret-0123456789abcdefghijklmno";

object with(object payload, std::string_view key, value replacement) {
  payload[key] = std::move(replacement);
  return payload;
}

std::string sign(const object& payload, signing_algorithm algorithm = signing_algorithm::hs256,
                 std::string_view secret = api_harness::jwt_secret) {
  const char* name = algorithm == signing_algorithm::hs512 ? "HS512" : "HS256";
  return forge_token(object{{"alg", name}, {"typ", "JWT"}}, payload, algorithm, secret);
}

class token_refusals : public ::testing::Test {
 protected:
  // A real token's payload made fresh: new jti, iat now, exp in 30 minutes.
  object fresh_payload(const decoded_token& real) {
    object payload = real.payload;
    payload["jti"] = "forged-" + std::to_string(++forged_);
    payload["iat"] = api.now_seconds();
    payload["exp"] = api.now_seconds() + 1800;
    return payload;
  }

  // Every token the service must refuse, named; `victim` is whose id the tampered token claims.
  std::vector<std::pair<std::string, std::string>> attack_tokens(const api_harness::user& user,
                                                                 const api_harness::user& victim) {
    const decoded_token real = decode_token(user.token);
    const object payload = fresh_payload(real);
    const std::int64_t now = api.now_seconds();
    object expired = payload;
    expired["iat"] = now - 3600;
    expired["exp"] = now - 1800;
    object without_exp = payload;
    without_exp.erase("exp");
    const object tampered = with(with(real.payload, "user_id", victim.id), "sub", value(std::to_string(victim.id)));
    const std::string stripped = user.token.substr(0, user.token.rfind('.') + 1);
    return {
        {"garbage", "garbage"},
        {"three garbage parts", "abc.def.ghi"},
        {"alg none", forge_token(object{{"alg", "none"}, {"typ", "JWT"}}, payload, signing_algorithm::none, "")},
        {"alg None", forge_token(object{{"alg", "None"}, {"typ", "JWT"}}, payload, signing_algorithm::none, "")},
        {"signed with another secret", sign(payload, signing_algorithm::hs256, other_secret)},
        {"expired", sign(expired)},
        {"without exp", sign(without_exp)},
        {"user_id tampered, signature kept", replace_payload(user.token, tampered)},
        {"signature stripped", stripped},
        {"wrong iss", sign(with(payload, "iss", "someone-else"))},
        {"wrong aud", sign(with(payload, "aud", "someone-else"))},
        {"HS512 with the right secret", sign(payload, signing_algorithm::hs512)},
        {"token_type refresh", sign(with(payload, "token_type", "refresh"))},
        {"nbf in the future", sign(with(payload, "nbf", now + 600))},
        {"crit header", forge_token(object{{"alg", "HS256"}, {"typ", "JWT"}, {"crit", boost::json::array{"exp"}}},
                                    payload, signing_algorithm::hs256, api_harness::jwt_secret)},
        {"account that does not exist", sign(with(with(payload, "user_id", 987'654'321), "sub", "987654321"))},
    };
  }

  api_harness api;

 private:
  int forged_ = 0;
};

TEST_F(token_refusals, asks_for_credentials_when_the_header_is_missing) {
  const value expected{{"detail", "Authentication credentials were not provided."}};
  const std::vector<std::pair<std::string, std::string>> routes{
      {"GET", "/api/alerts/"},          {"GET", "/api/alerts/created"}, {"POST", "/api/alerts/create"},
      {"POST", "/api/alerts/create/"},  {"POST", "/api/delete/1"},      {"POST", "/api/alerts/delete/1/"},
  };
  for (const auto& [method, path] : routes) {
    const auto response = api.call(method, path, method == "POST" ? R"({"price": 1})" : "");
    EXPECT_EQ(response.status, 401u) << method << " " << path << " -> " << response.body;
    EXPECT_EQ(json_of(response), expected) << method << " " << path;
    EXPECT_EQ(header_of(response, "WWW-Authenticate").value_or(""), R"(Bearer realm="api")") << method << " " << path;
  }
}

TEST_F(token_refusals, a_bearer_header_without_exactly_one_token_is_bad_authorization_header) {
  const auto user = api.register_and_login("header@example.com");
  const value original = boost::json::parse(
      R"({"detail": "Authorization header must contain two space-delimited values", "code": "bad_authorization_header"})");
  for (const std::string& header : std::vector<std::string>{"Bearer", "Bearer ", "bearer  \t ",
                                                            "Bearer " + user.token + " extra", "Bearer a b"}) {
    SCOPED_TRACE(header);
    const auto listed = api.get("/api/alerts/", {{"Authorization", header}});
    EXPECT_EQ(listed.status, 401u) << listed.body;
    EXPECT_EQ(json_of(listed), original);
    const auto v1 = api.get("/api/v1/alerts", {{"Authorization", header}});
    expect_v1_error(v1, 401, "invalid_token");
  }
  // Another scheme, or no parts at all, is no credentials; the token with spaces around it is fine.
  for (const std::string& header : std::vector<std::string>{"Basic abc", "Token " + user.token, "   "}) {
    SCOPED_TRACE(header);
    EXPECT_EQ(member(json_of(api.get("/api/alerts/", {{"Authorization", header}})), "detail"),
              value("Authentication credentials were not provided."));
  }
  EXPECT_EQ(api.get("/api/alerts/", {{"Authorization", "  Bearer   " + user.token + "  "}}).status, 200u);
}

TEST_F(token_refusals, accepts_a_token_forged_with_the_right_secret_so_the_forger_is_sound) {
  const auto user = api.register_and_login("control@example.com");
  const std::string forged = sign(fresh_payload(decode_token(user.token)));
  const auto response = api.get("/api/alerts/", bearer(forged));
  EXPECT_EQ(response.status, 200u) << response.body;
}

TEST_F(token_refusals, refuses_every_bad_token_on_the_original_routes) {
  const auto user = api.register_and_login("attacker@example.com");
  const auto victim = api.register_and_login("victim@example.com");
  api.create_alert(victim.token, R"({"price": 51000})");
  const value expected = boost::json::parse(R"({"detail": "Given token not valid for any token type",
      "code": "token_not_valid", "messages": [{"token_class": "AccessToken", "token_type": "access",
      "message": "Token is invalid or expired"}]})");
  for (const auto& [name, token] : attack_tokens(user, victim)) {
    const auto listed = api.get("/api/alerts/", bearer(token));
    EXPECT_EQ(listed.status, 401u) << name << " -> " << listed.body;
    EXPECT_EQ(json_of(listed), expected) << name;
    const auto created = api.post("/api/alerts/create", R"({"price": 1})", bearer(token));
    EXPECT_EQ(created.status, 401u) << name << " -> " << created.body;
  }
  // Nothing was created under either user.
  EXPECT_EQ(member(json_of(api.get("/api/alerts/", bearer(user.token))), "count"), value(0));
  EXPECT_EQ(member(json_of(api.get("/api/alerts/", bearer(victim.token))), "count"), value(1));
}

TEST_F(token_refusals, answers_v1_auth_failures_in_the_v1_shape) {
  const auto user = api.register_and_login("v1attacker@example.com");
  const auto victim = api.register_and_login("v1victim@example.com");
  for (const char* path : {"/api/v1/alerts", "/api/v1/alerts/1"}) {
    const auto missing = api.get(path);
    SCOPED_TRACE(path);
    expect_v1_error(missing, 401, "unauthenticated");
    EXPECT_EQ(header_of(missing, "WWW-Authenticate").value_or(""), R"(Bearer realm="api")");
  }
  for (const auto& [name, token] : attack_tokens(user, victim)) {
    const auto response = api.get("/api/v1/alerts", bearer(token));
    SCOPED_TRACE(name);
    expect_v1_error(response, 401, "invalid_token");
    EXPECT_EQ(header_of(response, "WWW-Authenticate").value_or(""), R"(Bearer realm="api")");
  }
  expect_v1_error(api.post("/api/v1/alerts", R"({"price": "1"})"), 401, "unauthenticated");
}

// The original service checked only the signature: a token outlived its account (and a database
// replaced under the same secret), answering 200 to lists and streams and 503 to creates. The
// events stream refuses before it starts, so its refusal needs no server either.
TEST_F(token_refusals, refuses_a_token_whose_account_does_not_exist_on_every_route_and_stream) {
  const auto user = api.register_and_login("ghost@example.com");
  const std::string ghost =
      sign(with(with(fresh_payload(decode_token(user.token)), "user_id", 987'654'321), "sub", "987654321"));
  for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
           {"GET", "/api/alerts/"}, {"POST", "/api/alerts/create"}, {"POST", "/api/alerts/delete/1/"},
           {"GET", "/api/v1/alerts"}, {"POST", "/api/v1/alerts"}, {"GET", "/api/v1/alerts/1"},
           {"DELETE", "/api/v1/alerts/1"}, {"GET", "/api/v1/events"}}) {
    const auto response = api.call(
        method, path, method == "POST" ? R"({"price": "1", "symbol": "BTCUSDT", "condition": "above"})" : "",
        bearer(ghost));
    EXPECT_EQ(response.status, 401u) << method << " " << path << " -> " << response.body;
  }
}

// Tokens last 30 minutes by the service's clock, even one it has already accepted (and remembers).
TEST_F(token_refusals, refuses_a_token_once_the_clock_passes_its_expiry) {
  const auto user = api.register_and_login("expiring@example.com");
  EXPECT_EQ(api.get("/api/v1/alerts", bearer(user.token)).status, 200u);
  api.clock().advance(std::chrono::seconds(1799));
  EXPECT_EQ(api.get("/api/v1/alerts", bearer(user.token)).status, 200u);
  api.clock().advance(std::chrono::seconds(1));
  expect_v1_error(api.get("/api/v1/alerts", bearer(user.token)), 401, "invalid_token");
  const auto original = api.get("/api/alerts/", bearer(user.token));
  EXPECT_EQ(original.status, 401u) << original.body;
  EXPECT_EQ(member(json_of(original), "code"), value("token_not_valid")) << original.body;
}

}  // namespace
}  // namespace pricewatch
