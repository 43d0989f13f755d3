// End-to-end smoke test of the original service's register and log-in routes (ORIGINAL_API.md)
// through the real binary: register, then log in for a token with every claim, dated by the
// system's clock. What the routes answer (bodies, validation, the failed-login limit) is tested
// in-process in tests/unit/api/original_auth_routes_test.cpp.
#include "e2e_fixture.hpp"
#include "jwt_forge.hpp"

#include <boost/json/serialize.hpp>

#include <chrono>
#include <cstdlib>

namespace pricewatch::e2e {
namespace {

std::string credentials(std::string_view email, std::string_view password) {
  return boost::json::serialize(boost::json::value{{"email", email}, {"password", password}});
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

}  // namespace
}  // namespace pricewatch::e2e
