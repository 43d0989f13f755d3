#include "auth/authenticator.hpp"

namespace pricewatch {
result<token_claims> authenticator::authenticate(const std::string& token) {
  auto claims = tokens_.verify(token);
  if (!claims) return claims;
  if (known(claims->user_id)) return claims;
  if (!users_.exists(claims->user_id)) return invalid_token_failure();
  remember(claims->user_id);
  return claims;
}

std::optional<result<token_claims>> authenticator::authenticate_known(const std::string& token) const {
  auto claims = tokens_.verify(token);
  if (!claims) return claims;
  if (!known(claims->user_id)) return std::nullopt;
  return claims;
}

bool authenticator::still_exists(std::int64_t user_id) {
  if (users_.exists(user_id)) {
    remember(user_id);
    return true;
  }
  forget(user_id);
  return false;
}

void authenticator::forget(std::int64_t user_id) {
  std::lock_guard lock(mutex_);
  confirmed_.erase(user_id);
}

bool authenticator::known(std::int64_t user_id) const {
  const auto now = clock_.now();
  std::lock_guard lock(mutex_);
  const auto found = confirmed_.find(user_id);
  return found != confirmed_.end() && now - found->second < recheck_after;
}

void authenticator::remember(std::int64_t user_id) {
  const auto now = clock_.now();
  std::lock_guard lock(mutex_);
  // Full: start over rather than track recency; a forgotten account is just read again.
  if (confirmed_.size() >= max_remembered) confirmed_.clear();
  confirmed_.insert_or_assign(user_id, now);
}

}  // namespace pricewatch
