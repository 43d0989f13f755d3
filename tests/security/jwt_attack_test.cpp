// The JWT attack table against the real binary: every token an attacker can make without the
// secret, and every claim it can bend with a stolen or forged signature, sent to every route and
// stream that acts for a user (the original routes and /api/v1). Each must be 401 (431 when the
// header is over the limit), never a 5xx, never an answer for somebody. The checks of
// token_service itself are unit-tested in tests/unit/auth/token_service_test.cpp.
#include "jwt_forge.hpp"
#include "security_fixture.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace pricewatch::security {
namespace {

using boost::json::object;

constexpr std::string_view attacker_secret = "attacker-secret-0123456789abcdefghijklmn";

struct attack {
  std::string name;
  std::string authorization;  // the whole header value
  unsigned status = 401;
};

object header(std::string_view algorithm) { return object{{"alg", algorithm}, {"typ", "JWT"}}; }

std::string bearer_value(std::string_view token) { return "Bearer " + std::string(token); }

std::vector<attack> attacks(const test_user& victim, const test_user& other) {
  const object payload = fresh_payload(decode_token(victim.token));
  auto signed_as = [&](object head, const object& claims, std::string_view secret = test_jwt_secret,
                       signing_algorithm algorithm = signing_algorithm::hs256) {
    return bearer_value(forge_token(head, claims, algorithm, secret));
  };
  std::vector<attack> table;
  for (const char* none : {"none", "None", "NONE", "nOnE"}) {
    table.push_back({std::string("alg ") + none + " unsigned",
                     bearer_value(forge_token(header(none), payload, signing_algorithm::none, ""))});
    table.push_back({std::string("alg ") + none + " with our signature",
                     signed_as(header(none), payload)});
  }
  for (const char* asymmetric : {"RS256", "RS512", "ES256", "PS256", "EdDSA"}) {
    // HS/RS confusion: the HMAC of our secret under an asymmetric name (a verifier that took the
    // key for a public key would accept it); and the attacker's own HMAC.
    table.push_back({std::string(asymmetric) + " HMAC'd with the secret", signed_as(header(asymmetric), payload)});
    table.push_back({std::string(asymmetric) + " HMAC'd with another key",
                     signed_as(header(asymmetric), payload, attacker_secret)});
  }
  table.push_back({"HS384 with the secret", signed_as(header("HS384"), payload, test_jwt_secret, signing_algorithm::hs384)});
  table.push_back({"HS512 with the secret", signed_as(header("HS512"), payload, test_jwt_secret, signing_algorithm::hs512)});
  table.push_back({"alg missing", signed_as(object{{"typ", "JWT"}}, payload)});
  table.push_back({"alg hs256 in lower case", signed_as(header("hs256"), payload)});
  object kid = header("HS256");
  kid["kid"] = "../../../../../../dev/null";
  table.push_back({"kid to /dev/null, empty key", signed_as(kid, payload, "")});
  kid["kid"] = "x' UNION SELECT 'attacker-secret-0123456789abcdefghijklmn";
  table.push_back({"kid SQL injection", signed_as(kid, payload, attacker_secret)});
  object jku = header("HS256");
  jku["jku"] = "http://127.0.0.1:9/jwks.json";
  table.push_back({"jku to an attacker's keys", signed_as(jku, payload, attacker_secret)});
  object x5u = header("HS256");
  x5u["x5u"] = "http://127.0.0.1:9/cert.pem";
  table.push_back({"x5u to an attacker's certificate", signed_as(x5u, payload, attacker_secret)});
  object jwk = header("HS256");
  jwk["jwk"] = object{{"kty", "oct"}, {"k", test_support::base64url_encode(attacker_secret)}};
  table.push_back({"embedded jwk of an attacker's key", signed_as(jwk, payload, attacker_secret)});
  object crit = header("HS256");
  crit["crit"] = boost::json::array{"exp"};
  table.push_back({"crit header", signed_as(crit, payload)});

  auto changed = [&](std::string_view key, boost::json::value value) {
    object claims = payload;
    claims[key] = std::move(value);
    return claims;
  };
  table.push_back({"iat an hour ahead", signed_as(header("HS256"), changed("iat", now_seconds() + 3600))});
  table.push_back({"nbf an hour ahead", signed_as(header("HS256"), changed("nbf", now_seconds() + 3600))});
  table.push_back({"exp a minute ago", signed_as(header("HS256"), changed("exp", now_seconds() - 60))});
  table.push_back({"exp as a string", signed_as(header("HS256"), changed("exp", boost::json::string(std::to_string(now_seconds() + 60))))});
  table.push_back({"token_type refresh", signed_as(header("HS256"), changed("token_type", "refresh"))});
  table.push_back({"another issuer", signed_as(header("HS256"), changed("iss", "someone-else"))});
  table.push_back({"another audience", signed_as(header("HS256"), changed("aud", "someone-else"))});
  for (const auto& [key, unused] : payload) {
    object claims = payload;
    claims.erase(key);
    table.push_back({"claim " + std::string(key) + " missing", signed_as(header("HS256"), claims)});
  }
  // Another user's id: in a token whose signature is kept (tampered), and in a forged one whose
  // other claims still name the victim; an id of nobody.
  table.push_back({"user_id of another user, signature kept",
                   bearer_value(replace_payload(victim.token, changed("user_id", other.id)))});
  table.push_back({"user_id of another user, resigned by an attacker",
                   signed_as(header("HS256"), changed("user_id", other.id), attacker_secret)});
  table.push_back({"user_id of nobody", signed_as(header("HS256"), [&] {
                     object claims = changed("user_id", 987654321);
                     claims["sub"] = "987654321";
                     return claims;
                   }())});
  table.push_back({"user_id negative", signed_as(header("HS256"), [&] {
                     object claims = changed("user_id", -1);
                     claims["sub"] = "-1";
                     return claims;
                   }())});
  // Oversized and malformed.
  table.push_back({"7 KB of token", bearer_value(std::string(7 * 1024, 'a') + ".b.c")});
  table.push_back({"20 KB of token", bearer_value(std::string(20 * 1024, 'a') + ".b.c"), 431});
  const std::string real = victim.token;
  const auto dot = real.find('.');
  for (const std::string& malformed :
       {std::string(""), std::string("a"), std::string("a.b"), std::string("a.b.c.d"), std::string(".."),
        std::string("...."), real + ".", "." + real, real.substr(0, real.rfind('.')),
        real.substr(0, dot) + ".!!!." + real.substr(real.rfind('.') + 1),
        test_support::base64url_encode("[1,2]") + "." + test_support::base64url_encode("[]") + ".x",
        test_support::base64url_encode("{\"alg\":\"HS256\"") + "." + real.substr(dot + 1),
        std::string("%00") + real}) {
    table.push_back({"malformed \"" + malformed.substr(0, 40) + "\"", bearer_value(malformed)});
  }
  // Control characters are not valid in a header value at all: the request is not HTTP.
  table.push_back({"control characters", bearer_value(std::string("\x01\x02\x03", 3)), 400});
  table.push_back({"two tokens", "Bearer " + real + " " + real});
  table.push_back({"Basic scheme", "Basic " + test_support::base64url_encode(victim.email + ":" + victim.password)});
  table.push_back({"Bearer alone", "Bearer"});
  table.push_back({"Bearer and spaces", "Bearer    "});
  return table;
}

class jwt_attack_test : public service_test {};

// The forger is sound: a token it signs with the service's secret and the victim's claims is
// accepted everywhere, so each refusal below is the attack's and not the forger's.
TEST_F(jwt_attack_test, a_token_forged_with_the_secret_is_accepted_so_the_table_means_something) {
  http_client http = client();
  const test_user victim = register_and_login(http, "jwt-victim");
  const std::string token = forge_token(header("HS256"), fresh_payload(decode_token(victim.token)),
                                        signing_algorithm::hs256, test_jwt_secret);
  EXPECT_EQ(http.get("/api/alerts/", bearer(token)).status, 200u);
  EXPECT_EQ(http.get("/api/v1/alerts", bearer(token)).status, 200u);
}

TEST_F(jwt_attack_test, every_forged_or_bent_token_is_refused_on_every_route_and_stream) {
  http_client http = client();
  const test_user victim = register_and_login(http, "jwt-victim");
  const test_user other = register_and_login(http, "jwt-other");
  const std::int64_t alert = create_v1_alert(http, victim.token, R"({"symbol":"BTCUSDT","condition":"above","price":"9"})");
  ASSERT_NE(alert, 0);
  const auto table = attacks(victim, other);
  int requests = 0;
  for (const auto& attempt : table) {
    for (const auto& route : user_routes()) {
      const std::string target = with_id(route.target, alert);
      const http_response answer =
          send_checked(http, route.method, target, route.body, {{"Authorization", attempt.authorization}});
      ++requests;
      EXPECT_EQ(answer.status, attempt.status) << attempt.name << ": " << route.method << " " << target << " -> "
                                               << answer.body;
    }
  }
  std::cout << "[ figures ] " << table.size() << " forged tokens x " << user_routes().size() << " routes = "
            << requests << " requests, every one refused\n";
  // Nothing any of them did happened: the victim's alert is still there and unchanged.
  const http_response after = http.get("/api/v1/alerts/" + std::to_string(alert), bearer(victim.token));
  ASSERT_EQ(after.status, 200u) << after.body;
  EXPECT_EQ(member(after.json(), "status"), boost::json::value("created")) << after.body;
}

}  // namespace
}  // namespace pricewatch::security
