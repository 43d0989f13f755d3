#include "auth/authenticator.hpp"

namespace pricewatch {

result<token_claims> authenticator::authenticate(const std::string& token) {
  auto claims = tokens_.verify(token);
  if (!claims) return claims;
  auto state = known(claims->user_id);
  if (!state) state = read(claims->user_id);
  if (!state || !counts(*claims, *state)) return invalid_token_failure();
  return claims;
}

std::optional<result<token_claims>> authenticator::authenticate_known(const std::string& token) const {
  auto claims = tokens_.verify(token);
  if (!claims) return claims;
  const auto state = known(claims->user_id);
  if (!state) return std::nullopt;
  if (!counts(*claims, *state)) return result<token_claims>(invalid_token_failure());
  return claims;
}

bool authenticator::still_valid(const token_claims& caller) {
  const auto state = read(caller.user_id);
  return state && counts(caller, *state);
}

void authenticator::forget(std::int64_t user_id) {
  std::lock_guard lock(mutex_);
  confirmed_.erase(user_id);
}

std::optional<authenticator::account_state> authenticator::known(std::int64_t user_id) const {
  const auto now = clock_.now();
  std::lock_guard lock(mutex_);
  const auto found = confirmed_.find(user_id);
  if (found == confirmed_.end() || now - found->second.read_at >= recheck_after) return std::nullopt;
  return found->second;
}

// The account as stored now, remembered; nullopt (and forgotten) when it is gone.
std::optional<authenticator::account_state> authenticator::read(std::int64_t user_id) {
  const auto valid_from = users_.tokens_valid_from(user_id);
  if (!valid_from) {
    forget(user_id);
    return std::nullopt;
  }
  const account_state state{clock_.now(), std::chrono::duration_cast<std::chrono::milliseconds>(
                                               valid_from->time_since_epoch()).count()};
  std::lock_guard lock(mutex_);
  // Full: start over rather than track recency; a forgotten account is just read again.
  if (confirmed_.size() >= max_remembered) confirmed_.clear();
  confirmed_.insert_or_assign(user_id, state);
  return state;
}

}  // namespace pricewatch
