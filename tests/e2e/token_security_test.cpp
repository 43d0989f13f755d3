// End-to-end tests of authentication on the original and /api/v1 routes: a missing header, and
// every forged, expired, tampered or mis-addressed token, built by hand with the test secret.
#include "e2e_fixture.hpp"
#include "jwt_forge.hpp"
#include "raw_connection.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <utility>
#include <vector>

namespace pricewatch::e2e {
namespace {

using boost::json::object;
using boost::json::value;

constexpr std::string_view other_secret = "another-secret-0123456789abcdefghijklmno";

std::int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A real token's payload made fresh: new jti, iat now, exp in 30 minutes.
object fresh_payload(const decoded_token& real) {
  object payload = real.payload;
  payload["jti"] = "forged-" + std::to_string(now_seconds()) + "-" + std::to_string(getpid());
  payload["iat"] = now_seconds();
  payload["exp"] = now_seconds() + 1800;
  return payload;
}

object with(object payload, std::string_view key, value replacement) {
  payload[key] = std::move(replacement);
  return payload;
}

std::string sign(const object& payload, signing_algorithm algorithm = signing_algorithm::hs256,
                 std::string_view secret = test_jwt_secret) {
  const char* name = algorithm == signing_algorithm::hs512 ? "HS512" : "HS256";
  return forge_token(object{{"alg", name}, {"typ", "JWT"}}, payload, algorithm, secret);
}

// Every token a server must refuse, named; `victim` is whose id the tampered token claims.
std::vector<std::pair<std::string, std::string>> attack_tokens(const test_user& user, const test_user& victim) {
  const decoded_token real = decode_token(user.token);
  const object payload = fresh_payload(real);
  object expired = payload;
  expired["iat"] = now_seconds() - 3600;
  expired["exp"] = now_seconds() - 1800;
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
      {"nbf in the future", sign(with(payload, "nbf", now_seconds() + 600))},
      {"crit header", forge_token(object{{"alg", "HS256"}, {"typ", "JWT"}, {"crit", boost::json::array{"exp"}}}, payload,
                                  signing_algorithm::hs256, test_jwt_secret)},
      {"account that does not exist", sign(with(with(payload, "user_id", 987'654'321), "sub", "987654321"))},
  };
}

class token_security_test : public service_test {};

TEST_F(token_security_test, asks_for_credentials_when_the_header_is_missing) {
  http_client http = client();
  const value expected{{"detail", "Authentication credentials were not provided."}};
  const std::vector<std::pair<std::string, std::string>> routes{
      {"GET", "/api/alerts/"},          {"GET", "/api/alerts/created"}, {"POST", "/api/alerts/create"},
      {"POST", "/api/alerts/create/"},  {"POST", "/api/delete/1"},      {"POST", "/api/alerts/delete/1/"},
  };
  for (const auto& [method, path] : routes) {
    const http_response response = http.request(method, path, method == "POST" ? R"({"price": 1})" : "");
    EXPECT_EQ(response.status, 401u) << method << " " << path << " -> " << response.body;
    EXPECT_EQ(response.json(), expected) << method << " " << path;
    EXPECT_EQ(response.header("WWW-Authenticate").value_or(""), R"(Bearer realm="api")") << method << " " << path;
  }
}

TEST_F(token_security_test, accepts_a_token_forged_with_the_right_secret_so_the_forger_is_sound) {
  http_client http = client();
  const test_user user = register_and_login(http, "control");
  const std::string forged = sign(fresh_payload(decode_token(user.token)));
  const http_response response = http.get("/api/alerts/", bearer(forged));
  EXPECT_EQ(response.status, 200u) << response.body;
}

TEST_F(token_security_test, refuses_every_bad_token_on_the_original_routes) {
  http_client http = client();
  const test_user user = register_and_login(http, "attacker");
  const test_user victim = register_and_login(http, "victim");
  create_alert(http, victim.token, R"({"price": 51000})");
  const value expected{{"detail", "Given token not valid for any token type"}, {"code", "token_not_valid"}};
  for (const auto& [name, token] : attack_tokens(user, victim)) {
    const http_response listed = http.get("/api/alerts/", bearer(token));
    EXPECT_EQ(listed.status, 401u) << name << " -> " << listed.body;
    EXPECT_EQ(listed.json(), expected) << name;
    const http_response created = http.post("/api/alerts/create", R"({"price": 1})", bearer(token));
    EXPECT_EQ(created.status, 401u) << name << " -> " << created.body;
  }
  // Nothing was created under either user.
  EXPECT_EQ(member(http.get("/api/alerts/", bearer(user.token)).json(), "count"), value(0));
  EXPECT_EQ(member(http.get("/api/alerts/", bearer(victim.token)).json(), "count"), value(1));
}

TEST_F(token_security_test, answers_v1_auth_failures_in_the_v1_shape) {
  http_client http = client();
  const test_user user = register_and_login(http, "v1attacker");
  const test_user victim = register_and_login(http, "v1victim");
  for (const char* path : {"/api/v1/alerts", "/api/v1/alerts/1"}) {
    const http_response missing = http.get(path);
    SCOPED_TRACE(path);
    expect_v1_error(missing, 401, "unauthenticated");
    EXPECT_EQ(missing.header("WWW-Authenticate").value_or(""), R"(Bearer realm="api")");
  }
  for (const auto& [name, token] : attack_tokens(user, victim)) {
    const http_response response = http.get("/api/v1/alerts", bearer(token));
    SCOPED_TRACE(name);
    expect_v1_error(response, 401, "invalid_token");
    EXPECT_EQ(response.header("WWW-Authenticate").value_or(""), R"(Bearer realm="api")");
  }
  const http_response posted = http.post("/api/v1/alerts", R"({"price": "1"})");
  expect_v1_error(posted, 401, "unauthenticated");
}

// The original service checked only the signature: a token outlived its account (and a database
// replaced under the same secret), answering 200 to lists and streams and 503 to creates.
TEST_F(token_security_test, refuses_a_token_whose_account_does_not_exist_on_every_route_and_stream) {
  http_client http = client();
  const test_user user = register_and_login(http, "ghost");
  const std::string ghost = sign(with(with(fresh_payload(decode_token(user.token)), "user_id", 987'654'321), "sub",
                                      "987654321"));
  for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
           {"GET", "/api/alerts/"}, {"POST", "/api/alerts/create"}, {"POST", "/api/alerts/delete/1/"},
           {"GET", "/api/v1/alerts"}, {"POST", "/api/v1/alerts"}, {"GET", "/api/v1/alerts/1"},
           {"DELETE", "/api/v1/alerts/1"}, {"GET", "/api/v1/events"}}) {
    const http_response response =
        http.request(method, path, method == "POST" ? R"({"price": "1", "symbol": "BTCUSDT", "condition": "above"})" : "",
                     bearer(ghost));
    EXPECT_EQ(response.status, 401u) << method << " " << path << " -> " << response.body;
  }
}

// An events stream must not outlive its token: it ends with an event saying why, then closes.
TEST_F(token_security_test, ends_an_events_stream_when_its_token_expires) {
  http_client http = client();
  const test_user user = register_and_login(http, "shortlived");
  object payload = fresh_payload(decode_token(user.token));
  payload["exp"] = now_seconds() + 2;
  raw_connection stream(port());
  stream.send("GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + sign(payload) + "\r\n\r\n");
  const raw_read answer = stream.read_until_close(std::chrono::seconds(10));
  EXPECT_TRUE(answer.closed) << answer.data;
  EXPECT_EQ(status_of(answer.data), 200u) << answer.data;
  EXPECT_NE(answer.data.find("event: session_ended\ndata: {\"reason\":\"token_expired\""), std::string::npos)
      << answer.data;
}

TEST_F(token_security_test, keeps_an_events_stream_open_while_its_token_is_valid) {
  http_client http = client();
  const test_user user = register_and_login(http, "longlived");
  raw_connection stream(port());
  stream.send("GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + user.token + "\r\n\r\n");
  const raw_read answer = stream.read_until_close(std::chrono::seconds(3));
  EXPECT_FALSE(answer.closed) << answer.data;
  EXPECT_EQ(answer.data.find("session_ended"), std::string::npos) << answer.data;
}

}  // namespace
}  // namespace pricewatch::e2e
