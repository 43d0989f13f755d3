// Registering and logging in: the rules around accounts, independent of the route that asks.
// Shared by all request threads; call from the blocking pool (it hashes and queries).
#pragma once

#include "auth/login_limiter.hpp"
#include "auth/password_hasher.hpp"
#include "auth/token_service.hpp"
#include "core/clock.hpp"
#include "core/failure.hpp"
#include "storage/user_store.hpp"

#include <string>

namespace pricewatch {

class account_service {
 public:
  account_service(user_store& users, const password_hasher& hasher, const token_service& tokens,
                  login_limiter& limiter, const wall_clock& clock);

  // validation_failed for a bad email or password; conflict when the email is taken.
  result<user> register_user(std::string_view email, std::string_view password);

  // invalid_credentials for an unknown email or a wrong password alike, in the same time, and for
  // an account imported without a usable password too; rate_limited (with retry_after_seconds)
  // after too many failures. An account imported from the original keeps its Django hash until
  // its first successful login replaces it with Argon2id; until then a wrong password costs the
  // hash's PBKDF2 iterations instead of one Argon2id (docs/operations.md says what that shows).
  // Throws backend_error.
  result<issued_token> log_in(std::string_view email, std::string_view password, const std::string& client_address);

  // The checks of log_in without the token: the account whose password this is.
  result<user> check_login(std::string_view email, std::string_view password, const std::string& client_address);

  // The password of a signed-in account, before a change that needs it again (a new password, the
  // account's deletion): validation_failed for a wrong one, counted as a failed login of the
  // account (rate_limited after too many); invalid_token when the account is gone. Throws backend_error.
  result<user> check_password(std::int64_t user_id, std::string_view password, const std::string& client_address);

 private:
  user_store& users_;
  const password_hasher& hasher_;
  const token_service& tokens_;
  login_limiter& limiter_;
  const wall_clock& clock_;
  // Verified when the email is unknown, so that the answer takes as long as for a known one.
  std::string decoy_hash_;
};

}  // namespace pricewatch
