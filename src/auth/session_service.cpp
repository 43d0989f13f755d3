#include "auth/session_service.hpp"

#include "auth/sodium_random.hpp"
#include "auth/token_hash.hpp"

#include <spdlog/spdlog.h>

#include <cstdio>

namespace pricewatch {

std::string random_words_hex(random_source& random, int words) {
  std::string hex;
  for (int index = 0; index < words; ++index) {
    char word[17];
    std::snprintf(word, sizeof word, "%016llx", static_cast<unsigned long long>(random.bits()));
    hex += word;
  }
  return hex;
}

failure invalid_refresh_failure() { return make_failure(errc::invalid_token, "Refresh token not valid."); }

refresh_grant session_service::next(std::int64_t user_id, const std::string& family) {
  return refresh_grant{random_words_hex(random_, 4), family, user_id, settings_.refresh_lifetime};
}

refresh_grant session_service::start(std::int64_t user_id) {
  const auto now = clock_.now();
  // The account's tokens and links that expired are of no use any more: gone, so rows do not pile up.
  store_.remove_expired(user_id, now);
  auto grant = next(user_id, random_words_hex(random_, 2));
  store_.add_refresh_token(
      refresh_token_record{user_id, grant.family, token_hash(grant.token), now, now + settings_.refresh_lifetime, {}, {}});
  return grant;
}

result<refresh_grant> session_service::refresh(const std::string& token) {
  // A token is 64 hex characters; anything much longer is not worth hashing.
  if (token.empty() || token.size() > 256) return invalid_refresh_failure();
  const auto now = clock_.now();
  const auto found = store_.find_refresh_token(token_hash(token));
  if (!found) return invalid_refresh_failure();
  if (found->revoked_at) return invalid_refresh_failure();
  const auto reused = [&] {
    spdlog::warn("sessions: a used refresh token of account {} was presented again: its session is revoked",
                 found->user_id);
    store_.revoke_family(found->family, now);
    return invalid_refresh_failure();
  };
  if (found->used_at) return reused();
  if (now >= found->expires_at) return invalid_refresh_failure();
  auto grant = next(found->user_id, found->family);
  const refresh_token_record successor{found->user_id, found->family, token_hash(grant.token), now,
                                       now + settings_.refresh_lifetime, {}, {}};
  // Lost to a concurrent refresh with the same token: that is reuse as well.
  if (!store_.rotate_refresh_token(found->token_hash, now, successor)) return reused();
  return grant;
}

void session_service::end(const std::string& token) {
  if (token.empty() || token.size() > 256) return;
  if (const auto found = store_.find_refresh_token(token_hash(token))) store_.revoke_family(found->family, clock_.now());
}

void session_service::end_all_but(std::int64_t user_id, const std::string& keep_family) {
  store_.revoke_user_sessions(user_id, keep_family, clock_.now());
}

}  // namespace pricewatch
