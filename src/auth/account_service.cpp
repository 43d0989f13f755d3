#include "auth/account_service.hpp"

#include "auth/email_address.hpp"
#include "core/ascii.hpp"

#include <algorithm>

namespace pricewatch {
namespace {

failure invalid_credentials() { return make_failure(errc::invalid_credentials, "Invalid credentials"); }

}  // namespace

account_service::account_service(user_store& users, const password_hasher& hasher, const token_service& tokens,
                                 login_limiter& limiter, const wall_clock& clock)
    : users_(users),
      hasher_(hasher),
      tokens_(tokens),
      limiter_(limiter),
      clock_(clock),
      decoy_hash_(hasher.hash("decoy password, never anyone's")) {}

result<user> account_service::register_user(std::string_view email, std::string_view password) {
  auto normalised = normalise_email(email);
  if (!normalised) {
    return normalised.error();
  }
  if (auto policy = check_password_policy(password); !policy) {
    return policy.error();
  }
  return users_.create(*normalised, hasher_.hash(password), clock_.now());
}

result<issued_token> account_service::log_in(std::string_view email, std::string_view password,
                                             const std::string& client_address) {
  auto found = check_login(email, password, client_address);
  if (!found) return found.error();
  return tokens_.issue(found->id, found->email);
}

result<user> account_service::check_login(std::string_view email, std::string_view password,
                                          const std::string& client_address) {
  auto normalised = normalise_email(email);
  const std::string account = ascii_lower(normalised ? std::string_view(*normalised) : email);
  if (const auto wait = limiter_.retry_after(account, client_address)) {
    failure limited = make_failure(errc::rate_limited, "Too many failed login attempts. Try again later.");
    limited.retry_after_seconds = wait->count();
    return limited;
  }
  const auto found = normalised ? users_.find_by_email(*normalised) : std::nullopt;
  // An account whose hash can never verify (imported without a usable password) is checked
  // against the decoy, as an unknown email is, and so fails in the same time.
  const bool usable = found && hasher_.can_verify(found->password_hash);
  const bool verified = hasher_.verify(usable ? found->password_hash : decoy_hash_, password) && usable;
  if (!verified) {
    limiter_.record_failure(account, client_address);
    return invalid_credentials();
  }
  limiter_.record_success(account);
  if (hasher_.needs_rehash(found->password_hash)) {
    // The original's hash has done its job: from now on the password is kept as Argon2id. Only
    // if the hash is still the one checked, so a concurrent login's upgrade stands.
    users_.replace_password_hash(found->id, found->password_hash, hasher_.hash(password));
  }
  return *found;
}

result<user> account_service::check_password(std::int64_t user_id, std::string_view password,
                                             const std::string& client_address) {
  auto found = users_.find_by_id(user_id);
  if (!found) return invalid_token_failure();
  const std::string account = ascii_lower(found->email);
  if (const auto wait = limiter_.retry_after(account, client_address)) {
    failure limited = make_failure(errc::rate_limited, "Too many wrong passwords. Try again later.");
    limited.retry_after_seconds = wait->count();
    return limited;
  }
  const bool usable = hasher_.can_verify(found->password_hash);
  if (!hasher_.verify(usable ? found->password_hash : decoy_hash_, password) || !usable) {
    limiter_.record_failure(account, client_address);
    return make_failure(errc::validation_failed, "The password is not correct.");
  }
  return *found;
}

}  // namespace pricewatch
