#include "auth/account_lifecycle.hpp"

#include "auth/email_address.hpp"
#include "auth/sodium_random.hpp"
#include "auth/token_hash.hpp"
#include "core/ascii.hpp"

namespace pricewatch {
namespace {

// Keys of the login limiter for what is not a login, so that reset requests and spent links are
// counted apart from an account's wrong passwords.
std::string reset_request_key(std::string_view email) { return "reset-request:" + ascii_lower(email); }
std::string reset_link_key(const std::string& client_address) { return "reset-link:" + client_address; }

failure limited(std::string message, std::chrono::seconds wait) {
  failure refused = make_failure(errc::rate_limited, std::move(message));
  refused.retry_after_seconds = wait.count();
  return refused;
}

std::int64_t seconds_of(time_point when) {
  return std::chrono::duration_cast<std::chrono::seconds>(when.time_since_epoch()).count();
}

}  // namespace

account_lifecycle::account_lifecycle(account_service& accounts, user_store& users, session_store& store,
                                     session_service& sessions, const password_hasher& hasher,
                                     const token_service& tokens, login_limiter& limiter, authenticator& callers,
                                     random_source& random, const wall_clock& clock, lifecycle_settings settings,
                                     reset_mailer mail_reset_link)
    : accounts_(accounts),
      users_(users),
      store_(store),
      sessions_(sessions),
      hasher_(hasher),
      tokens_(tokens),
      limiter_(limiter),
      callers_(callers),
      random_(random),
      clock_(clock),
      settings_(settings),
      mail_reset_link_(std::move(mail_reset_link)) {}

result<session_login> account_lifecycle::log_in(std::string_view email, std::string_view password,
                                                const std::string& client_address) {
  auto found = accounts_.check_login(email, password, client_address);
  if (!found) return found.error();
  auto refresh = sessions_.start(found->id);
  auto access = tokens_.issue(found->id, found->email, token_options{refresh.family, counting_from(found->id)});
  return session_login{std::move(access), std::move(refresh)};
}

result<session_login> account_lifecycle::refresh(const std::string& refresh_token) {
  auto grant = sessions_.refresh(refresh_token);
  if (!grant) return grant.error();
  const auto found = users_.find_by_id(grant->user_id);
  if (!found) return invalid_refresh_failure();
  auto access = tokens_.issue(found->id, found->email, token_options{grant->family, counting_from(found->id)});
  return session_login{std::move(access), std::move(*grant)};
}

// A token issued in the second of a password change would be refused (store_password): dated the
// second the account's tokens count from, it is not.
std::int64_t account_lifecycle::counting_from(std::int64_t user_id) {
  const auto valid_from = users_.tokens_valid_from(user_id);
  return valid_from ? seconds_of(*valid_from) : 0;
}

void account_lifecycle::log_out(const std::string& refresh_token) { sessions_.end(refresh_token); }

std::optional<user> account_lifecycle::account(std::int64_t user_id) { return users_.find_by_id(user_id); }

std::int64_t account_lifecycle::store_password(std::int64_t user_id, std::string_view password,
                                               const std::string& keep_family) {
  // Tokens issued in the second of the change are refused too (iat counts whole seconds): they
  // may have been issued just before it. The caller's new token is dated the next second.
  const std::int64_t valid_from = seconds_of(clock_.now()) + 1;
  users_.change_password(user_id, hasher_.hash(password), time_point(std::chrono::seconds(valid_from)));
  sessions_.end_all_but(user_id, keep_family);
  callers_.forget(user_id);
  return valid_from;
}

result<issued_token> account_lifecycle::change_password(const token_claims& caller, std::string_view current,
                                                        std::string_view replacement,
                                                        const std::string& client_address) {
  auto found = accounts_.check_password(caller.user_id, current, client_address);
  if (!found) return found.error();
  if (auto policy = check_password_policy(replacement); !policy) return policy.error();
  const auto valid_from = store_password(found->id, replacement, caller.session);
  return tokens_.issue(found->id, found->email, token_options{caller.session, valid_from});
}

result<void> account_lifecycle::accept_reset_request(std::string_view email, const std::string& client_address) {
  auto normalised = normalise_email(email);
  if (!normalised) return normalised.error();
  const auto key = reset_request_key(*normalised);
  if (const auto wait = limiter_.retry_after(key, client_address)) {
    return limited("Too many password reset requests. Try again later.", *wait);
  }
  limiter_.record_failure(key, client_address);
  return {};
}

void account_lifecycle::send_reset_link(const std::string& email, const std::string& link_base) {
  auto normalised = normalise_email(email);
  if (!normalised) return;
  const auto found = users_.find_by_email(*normalised);
  if (!found) return;
  const auto now = clock_.now();
  store_.remove_expired(found->id, now);
  const auto token = random_words_hex(random_, 4);
  store_.add_password_reset(found->id, token_hash(token), now, now + settings_.reset_lifetime);
  mail_reset_link_(found->email, link_base + "/#reset=" + token, settings_.reset_lifetime);
}

result<void> account_lifecycle::reset_password(const std::string& token, std::string_view password,
                                               const std::string& client_address) {
  if (const auto wait = limiter_.retry_after(reset_link_key(client_address), client_address)) {
    return limited("Too many attempts with reset links. Try again later.", *wait);
  }
  if (auto policy = check_password_policy(password); !policy) return policy.error();
  const auto user_id = token.empty() || token.size() > 256 ? std::nullopt
                                                           : store_.use_password_reset(token_hash(token), clock_.now());
  if (!user_id) {
    limiter_.record_failure(reset_link_key(client_address), client_address);
    return make_failure(errc::not_found, "This reset link is not valid (any more). Ask for a new one.");
  }
  store_password(*user_id, password, "");
  return {};
}

result<void> account_lifecycle::check_deletion(const token_claims& caller, std::string_view password,
                                               const std::string& client_address) {
  auto found = accounts_.check_password(caller.user_id, password, client_address);
  if (!found) return found.error();
  return {};
}

bool account_lifecycle::remove_account(std::int64_t user_id) {
  const bool removed = users_.remove(user_id);
  callers_.forget(user_id);
  return removed;
}

}  // namespace pricewatch
