// Access tokens: HS256 JWTs through libjwt with the claims of DESIGN.md 3.3, and their checks.
// Thread-safe. Tokens that verified are remembered until they expire, so that a client's next
// requests cost a lookup instead of a JSON parse and an HMAC.
#pragma once

#include "core/clock.hpp"
#include "core/failure.hpp"

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace pricewatch {

struct token_config {
  std::string secret;  // at least 32 bytes
  std::chrono::seconds lifetime{1800};
  std::string issuer = "pricewatch";
  std::string audience = "pricewatch-api";
};

struct token_claims {
  std::int64_t user_id = 0;
  std::string email;
  std::int64_t expires_at = 0;  // "exp", seconds since the epoch
  std::int64_t issued_at = 0;   // "iat", seconds since the epoch
  // "sid": the refresh token family a /api/v1 login started ("" for the original routes' tokens),
  // so that a password change can keep the caller's own session and end the others.
  std::string session;
};

// What a token is issued for beyond its account.
struct token_options {
  std::string session;  // "sid", when not empty
  // "iat" no earlier than this (seconds since the epoch): a token issued right after a password
  // change must count, although the change refuses tokens issued in its second (authenticator).
  std::int64_t issued_at_least = 0;
};

struct issued_token {
  std::string token;
  std::chrono::seconds expires_in;
};

// The one answer to a token that cannot act for anybody (forged, expired, of a gone account),
// worded as the original service's DRF answered it.
failure invalid_token_failure();

class token_service {
 public:
  // Throws std::invalid_argument for a secret shorter than 32 bytes.
  token_service(token_config config, const wall_clock& clock);

  issued_token issue(std::int64_t user_id, const std::string& email, const token_options& options = {}) const;

  // invalid_token for anything but an unexpired HS256 token signed with our secret and carrying
  // our issuer, audience, token type and every claim; also for one whose "nbf" is still to come
  // and one with a "crit" header (it names extensions we do not understand, RFC 7515 4.1.11).
  result<token_claims> verify(const std::string& token) const;

 private:
  result<token_claims> verify_uncached(const std::string& token, std::int64_t now_seconds) const;
  static constexpr std::size_t max_remembered = 10'000;

  token_config config_;
  const wall_clock& clock_;
  mutable std::mutex mutex_;
  // Keyed by the whole token text: only a token that verified byte for byte is found again.
  mutable std::unordered_map<std::string, token_claims> remembered_;
};

}  // namespace pricewatch
