// Sessions and password reset links (issue 16): refresh tokens in families and single-use reset
// links, each kept only as the SHA-256 hash of its value (auth/token_hash.hpp). The rules (when a
// token may be used, what reuse does) are auth/session_service's; this stores and changes rows
// atomically. Implementations are shared by all request threads.
#pragma once

#include "core/clock.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace pricewatch {

struct refresh_token_record {
  std::int64_t user_id = 0;
  std::string family;      // every token descending from one login shares it
  std::string token_hash;  // hex SHA-256 of the token
  time_point created_at;
  time_point expires_at;
  std::optional<time_point> used_at;     // exchanged for its successor
  std::optional<time_point> revoked_at;  // its family was revoked (reuse, password change, logout)
};

class session_store {
 public:
  virtual ~session_store() = default;

  // Stores a new refresh token (the first of a family). Throws backend_error.
  virtual void add_refresh_token(const refresh_token_record& token) = 0;

  // The token with this hash, used, revoked or expired alike; nullopt when none. Throws backend_error.
  virtual std::optional<refresh_token_record> find_refresh_token(const std::string& token_hash) = 0;

  // In one transaction: marks the token used at now and stores its successor, only while the token
  // is neither used nor revoked; false (and nothing stored) when it was (a concurrent refresh won).
  // Throws backend_error.
  virtual bool rotate_refresh_token(const std::string& token_hash, time_point now,
                                    const refresh_token_record& successor) = 0;

  // Marks every token of the family revoked at now (those already revoked keep their time).
  // Throws backend_error.
  virtual void revoke_family(const std::string& family, time_point now) = 0;

  // Revokes every token of the user but those of keep_family ("": none kept). Throws backend_error.
  virtual void revoke_user_sessions(std::int64_t user_id, const std::string& keep_family, time_point now) = 0;

  // Removes the user's refresh tokens and reset links that expired before now, so that a
  // long-lived account's rows do not pile up. Throws backend_error.
  virtual void remove_expired(std::int64_t user_id, time_point now) = 0;

  // Stores a reset link for the user, valid until expires_at. Throws backend_error.
  virtual void add_password_reset(std::int64_t user_id, const std::string& token_hash, time_point now,
                                  time_point expires_at) = 0;

  // Marks the link with this hash used at now, only while it is unused and unexpired: the account
  // it resets, or nullopt when there is no such link (unknown, used, expired). Throws backend_error.
  virtual std::optional<std::int64_t> use_password_reset(const std::string& token_hash, time_point now) = 0;
};

}  // namespace pricewatch
