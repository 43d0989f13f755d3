// Who is calling: a token that verifies, whose account still exists, and that was issued since
// the account's tokens last started to count (a password change ends the tokens issued before
// it). A token of a deleted account (or of a database that was replaced under the same secret)
// must not act for anybody. What was read of an account is remembered for a minute, so that the
// usual check costs no query and can run on the I/O thread, while an account removed or changed
// behind this process's back (another process, a restored database) is seen within that minute;
// changes made through this process are seen at once (forget). Shared by all request threads.
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

  // invalid_token when the token does not verify, its account no longer exists, or it was issued
  // before the account's tokens_valid_from. Reads the database for an account not seen yet: call
  // from the blocking pool. Throws backend_error.
  result<token_claims> authenticate(const std::string& token);

  // The same without the database, for the I/O thread: nullopt when the token verifies but its
  // account has not been read within recheck_after (then call authenticate from the pool).
  std::optional<result<token_claims>> authenticate_known(const std::string& token) const;

  // Reads the account again, for a check that must see a deletion or a password change (an open
  // event stream's): false, and forgotten, when it is gone or the token's time is over.
  // Throws backend_error.
  bool still_valid(const token_claims& caller);

  // The account is gone or its tokens_valid_from moved: read it again before the next token of it
  // is accepted in this process.
  void forget(std::int64_t user_id);

 private:
  struct account_state {
    time_point read_at;
    std::int64_t valid_from_ms = 0;
  };
  std::optional<account_state> known(std::int64_t user_id) const;
  std::optional<account_state> read(std::int64_t user_id);
  static bool counts(const token_claims& claims, const account_state& state) {
    return claims.issued_at * 1000 >= state.valid_from_ms;
  }
  static constexpr std::size_t max_remembered = 100'000;

  const token_service& tokens_;
  user_store& users_;
  const wall_clock& clock_;
  mutable std::mutex mutex_;
  std::unordered_map<std::int64_t, account_state> confirmed_;  // accounts found to exist
};

}  // namespace pricewatch
