// Who is calling: a token that verifies and whose account still exists. A token of a deleted
// account (or of a database that was replaced under the same secret) must not act for anybody.
// Accounts found to exist are remembered for a minute, so that the usual check costs no query and
// can run on the I/O thread, while an account removed behind this process's back (another process,
// a restored database) stops working within that minute. Shared by all request threads.
#pragma once

#include "auth/token_service.hpp"
#include "core/clock.hpp"
#include "storage/user_store.hpp"

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace pricewatch {

class authenticator {
 public:
  static constexpr std::chrono::seconds recheck_after{60};

  authenticator(const token_service& tokens, user_store& users, const wall_clock& clock)
      : tokens_(tokens), users_(users), clock_(clock) {}

  // invalid_token when the token does not verify or its account no longer exists. Reads the
  // database for an account not seen yet: call from the blocking pool. Throws backend_error.
  result<token_claims> authenticate(const std::string& token);

  // The same without the database, for the I/O thread: nullopt when the token verifies but its
  // account has not been seen within recheck_after (then call authenticate from the pool).
  std::optional<result<token_claims>> authenticate_known(const std::string& token) const;

  // Reads the account again, for a check that must see a deletion (an open event stream's):
  // false, and forgotten, when it is gone. Throws backend_error.
  bool still_exists(std::int64_t user_id);

  // The account is gone: its tokens are refused from now on in this process.
  void forget(std::int64_t user_id);

 private:
  bool known(std::int64_t user_id) const;
  void remember(std::int64_t user_id);
  static constexpr std::size_t max_remembered = 100'000;

  const token_service& tokens_;
  user_store& users_;
  const wall_clock& clock_;
  mutable std::mutex mutex_;
  std::unordered_map<std::int64_t, time_point> confirmed_;  // account -> when last found to exist
};

}  // namespace pricewatch
