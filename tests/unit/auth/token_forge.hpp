// Builds JWTs the way an attacker or another service might, to test what token_service refuses.
#pragma once

#include <optional>
#include <string>

namespace pricewatch::test_support {

// The claims of a token; the defaults are those token_service itself issues and accepts.
struct forged_claims {
  std::string token_type = "access";
  std::string subject = "42";
  long user_id = 42;
  std::string email = "a@example.com";
  std::string id = "0123456789abcdef";
  long issued_at = 0;
  long expires_at = 0;
  std::string issuer = "pricewatch";
  std::string audience = "pricewatch-api";
  std::optional<long> not_before;  // "nbf", absent by default as in issued tokens
  std::string critical;            // the JSON of a "crit" header, absent when empty
};

// Signed by libjwt with algorithm "HS256", "HS384" or "HS512".
std::string sign_token(const forged_claims& claims, const std::string& secret, const std::string& algorithm = "HS256");

// header.payload. with {"alg":"none","typ":"JWT"}.
std::string unsigned_token(const forged_claims& claims);

// base64url without padding, and back ("" when text is not base64url).
std::string base64url_encode(const std::string& bytes);
std::string base64url_decode(const std::string& text);

}  // namespace pricewatch::test_support
