// Refresh tokens (issue 16): a login starts a family; each refresh exchanges the token for a new
// one of the same family and marks the old one used; a used token presented again means it was
// copied (or the exchange's answer was lost), so the whole family is revoked and neither copy goes
// on. Tokens are 256 random bits from the injected source, stored only as their SHA-256.
// Shared by all request threads; call from the blocking pool (it queries).
#pragma once

#include "core/clock.hpp"
#include "core/failure.hpp"
#include "core/random.hpp"
#include "storage/session_store.hpp"

#include <chrono>
#include <cstdint>
#include <string>

namespace pricewatch {

struct session_settings {
  std::chrono::seconds refresh_lifetime{30 * 24 * 3600};  // auth.refresh_ttl_seconds
};

// A refresh token handed out: its text (shown once), its family and account, and how long it lasts.
struct refresh_grant {
  std::string token;
  std::string family;
  std::int64_t user_id = 0;
  std::chrono::seconds expires_in{0};
};

// The one answer to a refresh token that cannot be used, whatever the reason (unknown, expired,
// used, revoked): the reason is logged, not told.
failure invalid_refresh_failure();

class session_service {
 public:
  session_service(session_store& store, random_source& random, const wall_clock& clock, session_settings settings)
      : store_(store), random_(random), clock_(clock), settings_(settings) {}

  // The first token of a new family for the account (a login). Throws backend_error.
  refresh_grant start(std::int64_t user_id);

  // The next token of the family, the presented one marked used. invalid_token for a token that is
  // unknown, expired or revoked, and for one already used, whose family is then revoked.
  // Throws backend_error.
  result<refresh_grant> refresh(const std::string& token);

  // Revokes the family of the token (logging out); nothing for an unknown token. Throws backend_error.
  void end(const std::string& token);

  // Revokes every family of the account but keep_family ("": all of them). Throws backend_error.
  void end_all_but(std::int64_t user_id, const std::string& keep_family);

 private:
  refresh_grant next(std::int64_t user_id, const std::string& family);

  session_store& store_;
  random_source& random_;
  const wall_clock& clock_;
  session_settings settings_;
};

}  // namespace pricewatch
