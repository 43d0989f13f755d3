// The one forger of JSON Web Tokens for every kind of test: tokens built by hand, the way an
// attacker or another service might, to check what pricewatch refuses (alg none in any casing,
// other secrets and algorithms, expired, tampered or wrongly addressed tokens). HMAC comes from
// OpenSSL and base64url from libsodium, not from libjwt, which pricewatch itself uses: a forger
// that shared its code would share its bugs.
#pragma once

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace pricewatch::test_support {

// Unpadded base64url, and back (a test failure and "" when the text is not that).
std::string base64url_encode(std::string_view bytes);
std::string base64url_decode(std::string_view text);

struct decoded_token {
  boost::json::object header;
  boost::json::object payload;
  std::string signature;  // still base64url-encoded
};

// Splits and decodes a compact JWS without checking it; records a test failure when malformed.
decoded_token decode_token(std::string_view token);

enum class signing_algorithm { hs256, hs384, hs512, none };

// header.payload.signature with the given header as is (so its "alg" may lie), signed with the
// secret by the algorithm; `none` leaves the signature empty.
std::string forge_token(const boost::json::object& header, const boost::json::object& payload,
                        signing_algorithm algorithm, std::string_view secret);

// The token with its payload replaced and its original signature kept.
std::string replace_payload(std::string_view token, const boost::json::object& payload);

// The claims of a token; the defaults are those token_service itself issues and accepts.
struct forged_claims {
  std::string token_type = "access";
  std::string subject = "42";
  std::int64_t user_id = 42;
  std::string email = "a@example.com";
  std::string id = "0123456789abcdef";
  std::int64_t issued_at = 0;
  std::int64_t expires_at = 0;
  std::string issuer = "pricewatch";
  std::string audience = "pricewatch-api";
  std::optional<std::int64_t> not_before;  // "nbf", absent by default as in issued tokens
  std::string critical;                    // the JSON of a "crit" header, absent when empty
};

boost::json::object payload_of(const forged_claims& claims);

// Signed with "HS256", "HS384" or "HS512", with a header that says so.
std::string sign_token(const forged_claims& claims, std::string_view secret, std::string_view algorithm = "HS256");

// header.payload. with {"alg":"none","typ":"JWT"}.
std::string unsigned_token(const forged_claims& claims);

}  // namespace pricewatch::test_support
