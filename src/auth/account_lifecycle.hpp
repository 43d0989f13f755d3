// Sessions and the account's lifecycle for /api/v1 (issue 16): logging in with a refresh token,
// refreshing, logging out; changing the password (the other sessions end); resetting it through
// an emailed single-use link; deleting the account. The rules live here, the routes only read
// and write JSON. Shared by all request threads; call from the blocking pool (it hashes and queries).
#pragma once

#include "auth/account_service.hpp"
#include "auth/authenticator.hpp"
#include "auth/session_service.hpp"
#include "core/random.hpp"

#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace pricewatch {

struct session_login {
  issued_token access;
  refresh_grant refresh;
};

struct lifecycle_settings {
  std::chrono::seconds reset_lifetime{3600};  // auth.password_reset_ttl_seconds
};

// Mails a reset link to the account's address: (address, link, valid for). Failures are the
// mailer's to log: the person asking is never told whether a mail went out.
using reset_mailer = std::function<void(const std::string&, const std::string&, std::chrono::seconds)>;

class account_lifecycle {
 public:
  account_lifecycle(account_service& accounts, user_store& users, session_store& store, session_service& sessions,
                    const password_hasher& hasher, const token_service& tokens, login_limiter& limiter,
                    authenticator& callers, random_source& random, const wall_clock& clock,
                    lifecycle_settings settings, reset_mailer mail_reset_link);

  // As account_service::log_in, and the first refresh token of a new session, whose family the
  // access token names ("sid").
  result<session_login> log_in(std::string_view email, std::string_view password, const std::string& client_address);

  // A new access token and the session's next refresh token: session_service::refresh's failures,
  // and invalid_token when the account is gone.
  result<session_login> refresh(const std::string& refresh_token);

  // Ends the session of this refresh token; nothing for an unknown one.
  void log_out(const std::string& refresh_token);

  // The account, for its export; nullopt when it is gone.
  std::optional<user> account(std::int64_t user_id);

  // Checks current (account_service::check_password) and the policy for replacement
  // (validation_failed), then stores it: the account's access tokens issued before now stop
  // counting and every session but the caller's ends. The caller's new access token.
  result<issued_token> change_password(const token_claims& caller, std::string_view current,
                                       std::string_view replacement, const std::string& client_address);

  // What a reset request does before it is answered, the same for any address: validation_failed
  // for a malformed one, rate_limited after too many requests for one address or from one client
  // (each request counts). The rest happens later (send_reset_link), so that the answer takes as
  // long whether or not the account exists.
  result<void> accept_reset_request(std::string_view email, const std::string& client_address);

  // Behind the answer: when the address is an account's, stores a new link's hash and mails
  // link_base + "/#reset=" + token. Nothing otherwise. Throws backend_error.
  void send_reset_link(const std::string& email, const std::string& link_base);

  // Uses the link's token: validation_failed for a password the policy refuses (the link stays
  // usable), not_found for a token that is unknown, used or expired (rate_limited for a client
  // after too many of those). Then as change_password, every session ended.
  result<void> reset_password(const std::string& token, std::string_view password, const std::string& client_address);

  // Checks the password, then removes the account with everything of it; its tokens stop working
  // in this process at once (in others within authenticator::recheck_after).
  result<void> check_deletion(const token_claims& caller, std::string_view password, const std::string& client_address);
  // False when it was gone already. Throws backend_error.
  bool remove_account(std::int64_t user_id);

 private:
  // Stores the hash, ends sessions but keep_family, refuses older access tokens; the second from
  // which tokens count again.
  std::int64_t store_password(std::int64_t user_id, std::string_view password, const std::string& keep_family);
  std::int64_t counting_from(std::int64_t user_id);

  account_service& accounts_;
  user_store& users_;
  session_store& store_;
  session_service& sessions_;
  const password_hasher& hasher_;
  const token_service& tokens_;
  login_limiter& limiter_;
  authenticator& callers_;
  random_source& random_;
  const wall_clock& clock_;
  lifecycle_settings settings_;
  reset_mailer mail_reset_link_;
};

}  // namespace pricewatch
