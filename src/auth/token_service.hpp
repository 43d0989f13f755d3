// Access tokens: HS256 JWTs through libjwt with the claims of DESIGN.md 3.3, and their checks.
// Thread-safe: it holds only immutable settings.
#pragma once

#include "core/clock.hpp"
#include "core/failure.hpp"

#include <chrono>
#include <cstdint>
#include <string>

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
};

struct issued_token {
  std::string token;
  std::chrono::seconds expires_in;
};

class token_service {
 public:
  // Throws std::invalid_argument for a secret shorter than 32 bytes.
  token_service(token_config config, const wall_clock& clock);

  issued_token issue(std::int64_t user_id, const std::string& email) const;

  // invalid_token for anything but an unexpired HS256 token signed with our secret and carrying
  // our issuer, audience, token type and every claim.
  result<token_claims> verify(const std::string& token) const;

 private:
  token_config config_;
  const wall_clock& clock_;
};

}  // namespace pricewatch
