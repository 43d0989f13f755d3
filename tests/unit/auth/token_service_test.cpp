// Tests token_service: issued tokens verify until they expire, and every forged, foreign or
// malformed token is refused.
#include "auth/token_service.hpp"

#include "jwt_forge.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace pricewatch {
namespace {

using namespace std::chrono_literals;
using test_support::forged_claims;

const std::string secret = "0123456789abcdef0123456789abcdef";
constexpr long start_seconds = 1'790'000'000;

class token_service_test : public ::testing::Test {
 protected:
  // Claims as token_service would issue them now.
  forged_claims valid_claims() const {
    forged_claims claims;
    claims.issued_at = start_seconds;
    claims.expires_at = start_seconds + 1800;
    return claims;
  }

  void expect_refused(const std::string& token) const {
    const auto verified = tokens_.verify(token);
    ASSERT_FALSE(verified) << token;
    EXPECT_EQ(verified.error().code, errc::invalid_token);
    EXPECT_EQ(verified.error().message, "Given token not valid for any token type");
  }

  manual_clock clock_{time_point(std::chrono::seconds(start_seconds))};
  token_service tokens_{token_config{secret}, clock_};
};

TEST_F(token_service_test, an_issued_token_verifies_to_its_user) {
  const auto issued = tokens_.issue(42, "a@example.com");
  EXPECT_EQ(issued.expires_in, 1800s);
  const auto verified = tokens_.verify(issued.token);
  ASSERT_TRUE(verified) << verified.error().message;
  EXPECT_EQ(verified->user_id, 42);
  EXPECT_EQ(verified->email, "a@example.com");
}

TEST_F(token_service_test, issued_tokens_carry_the_documented_claims) {
  const auto issued = tokens_.issue(42, "a@example.com");
  const auto first_dot = issued.token.find('.');
  const auto second_dot = issued.token.find('.', first_dot + 1);
  const auto header = test_support::base64url_decode(issued.token.substr(0, first_dot));
  const auto payload = test_support::base64url_decode(issued.token.substr(first_dot + 1, second_dot - first_dot - 1));
  EXPECT_NE(header.find(R"("alg":"HS256")"), std::string::npos) << header;
  for (const std::string claim : {R"("token_type":"access")", R"("sub":"42")", R"("user_id":42)",
                                  R"("email":"a@example.com")", R"("iat":1790000000)", R"("exp":1790001800)",
                                  R"("iss":"pricewatch")", R"("aud":"pricewatch-api")", R"("jti":")"}) {
    EXPECT_NE(payload.find(claim), std::string::npos) << claim << " in " << payload;
  }
  EXPECT_NE(tokens_.issue(42, "a@example.com").token, issued.token) << "jti must differ";
}

TEST_F(token_service_test, a_token_expires_after_its_lifetime) {
  const auto issued = tokens_.issue(42, "a@example.com");
  clock_.advance(1799s);
  EXPECT_TRUE(tokens_.verify(issued.token));
  clock_.advance(1s);
  expect_refused(issued.token);
}

TEST_F(token_service_test, the_lifetime_is_configurable) {
  const token_service short_lived(token_config{secret, 60s}, clock_);
  const auto issued = short_lived.issue(7, "b@example.com");
  EXPECT_EQ(issued.expires_in, 60s);
  clock_.advance(61s);
  EXPECT_FALSE(short_lived.verify(issued.token));
}

TEST_F(token_service_test, a_token_issued_in_the_future_is_refused) {
  manual_clock later{time_point(std::chrono::seconds(start_seconds + 120))};
  const token_service future_issuer(token_config{secret}, later);
  expect_refused(future_issuer.issue(42, "a@example.com").token);
}

TEST_F(token_service_test, a_token_not_valid_before_a_time_still_to_come_is_refused) {
  auto claims = valid_claims();
  claims.not_before = start_seconds + 1;
  expect_refused(test_support::sign_token(claims, secret));
  claims.not_before = start_seconds;
  EXPECT_TRUE(tokens_.verify(test_support::sign_token(claims, secret))) << "nbf reached";
}

TEST_F(token_service_test, a_token_with_a_crit_header_is_refused) {
  auto claims = valid_claims();
  for (const char* critical : {R"(["exp"])", R"(["b64"])", "[]", R"("x")"}) {
    claims.critical = critical;
    expect_refused(test_support::sign_token(claims, secret));
  }
}

TEST_F(token_service_test, a_verified_token_reports_its_expiry) {
  const auto verified = tokens_.verify(test_support::sign_token(valid_claims(), secret));
  ASSERT_TRUE(verified);
  EXPECT_EQ(verified->expires_at, start_seconds + 1800);
}

TEST_F(token_service_test, another_secrets_token_is_refused) {
  const token_service other(token_config{"another secret of at least 32 bytes!"}, clock_);
  expect_refused(other.issue(42, "a@example.com").token);
}

TEST_F(token_service_test, a_secret_shorter_than_32_bytes_is_refused) {
  EXPECT_THROW(token_service(token_config{std::string(31, 's')}, clock_), std::invalid_argument);
  EXPECT_NO_THROW(token_service(token_config{std::string(32, 's')}, clock_));
}

TEST_F(token_service_test, a_forged_token_with_our_secret_and_claims_is_accepted) {
  // The control for the tests below: the forge makes tokens token_service accepts.
  const auto verified = tokens_.verify(test_support::sign_token(valid_claims(), secret));
  ASSERT_TRUE(verified);
  EXPECT_EQ(verified->user_id, 42);
  EXPECT_EQ(verified->email, "a@example.com");
}

TEST_F(token_service_test, a_tampered_payload_is_refused) {
  const auto issued = tokens_.issue(42, "a@example.com").token;
  const auto first_dot = issued.find('.');
  const auto second_dot = issued.find('.', first_dot + 1);
  auto payload = test_support::base64url_decode(issued.substr(first_dot + 1, second_dot - first_dot - 1));
  const auto at = payload.find(R"("user_id":42)");
  ASSERT_NE(at, std::string::npos) << payload;
  payload.replace(at, 12, R"("user_id":43)");
  const auto sub = payload.find(R"("sub":"42")");
  ASSERT_NE(sub, std::string::npos) << payload;
  payload.replace(sub, 10, R"("sub":"43")");
  expect_refused(issued.substr(0, first_dot + 1) + test_support::base64url_encode(payload) + issued.substr(second_dot));
}

TEST_F(token_service_test, a_tampered_signature_is_refused) {
  auto issued = tokens_.issue(42, "a@example.com").token;
  const auto second_dot = issued.find('.', issued.find('.') + 1);
  expect_refused(issued.substr(0, second_dot + 1));
  // A character inside the signature carries six signature bits, unlike the last one.
  auto& inside = issued[second_dot + 10];
  inside = inside == 'A' ? 'B' : 'A';
  expect_refused(issued);
}

TEST_F(token_service_test, an_unsigned_token_is_refused) {
  expect_refused(test_support::unsigned_token(valid_claims()));
}

TEST_F(token_service_test, other_algorithms_are_refused) {
  expect_refused(test_support::sign_token(valid_claims(), secret, "HS512"));
  expect_refused(test_support::sign_token(valid_claims(), secret, "HS384"));
}

TEST_F(token_service_test, a_wrong_issuer_or_audience_is_refused) {
  auto claims = valid_claims();
  claims.issuer = "someone-else";
  expect_refused(test_support::sign_token(claims, secret));
  claims = valid_claims();
  claims.audience = "another-api";
  expect_refused(test_support::sign_token(claims, secret));
}

TEST_F(token_service_test, a_refresh_token_is_refused) {
  auto claims = valid_claims();
  claims.token_type = "refresh";
  expect_refused(test_support::sign_token(claims, secret));
}

TEST_F(token_service_test, inconsistent_or_missing_claims_are_refused) {
  auto claims = valid_claims();
  claims.subject = "43";
  expect_refused(test_support::sign_token(claims, secret));
  claims = valid_claims();
  claims.subject = "0";
  claims.user_id = 0;
  expect_refused(test_support::sign_token(claims, secret));
  claims = valid_claims();
  claims.expires_at = start_seconds;
  expect_refused(test_support::sign_token(claims, secret));
}

TEST_F(token_service_test, text_that_is_not_a_token_is_refused) {
  for (const std::string& text : std::vector<std::string>{"", "garbage", "a.b.c", "..", std::string(5000, 'a')}) {
    expect_refused(text);
  }
}

}  // namespace
}  // namespace pricewatch
