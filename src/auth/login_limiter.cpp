#include "auth/login_limiter.hpp"

namespace pricewatch {
namespace {

std::string account_key(const std::string& account) { return "account:" + account; }
std::string client_key(const std::string& client) { return "client:" + client; }

std::optional<std::chrono::seconds> later_of(std::optional<std::chrono::seconds> a,
                                             std::optional<std::chrono::seconds> b) {
  if (a && b) return std::max(*a, *b);
  return a ? a : b;
}

}  // namespace

std::optional<std::chrono::seconds> memory_login_limiter::retry_after(const std::string& account,
                                                                      const std::string& client) {
  const auto now = clock_.now();
  std::lock_guard lock(mutex_);
  return later_of(blocked_for(account_key(account), limits_.failures_per_account, now),
                  blocked_for(client_key(client), limits_.failures_per_client, now));
}

void memory_login_limiter::record_failure(const std::string& account, const std::string& client) {
  const auto now = clock_.now();
  std::lock_guard lock(mutex_);
  count_failure(account_key(account), now);
  count_failure(client_key(client), now);
  if (windows_.size() >= sweep_at_) {
    sweep(now);
  }
}

void memory_login_limiter::record_success(const std::string& account) {
  std::lock_guard lock(mutex_);
  windows_.erase(account_key(account));
}

std::optional<std::chrono::seconds> memory_login_limiter::blocked_for(const std::string& key, std::int64_t limit,
                                                                      time_point now) {
  const auto found = windows_.find(key);
  if (found == windows_.end()) return std::nullopt;
  const auto closes = found->second.opened + limits_.window;
  if (closes <= now) {
    windows_.erase(found);
    return std::nullopt;
  }
  if (found->second.failures < limit) return std::nullopt;
  // Round up, so that a client that waits exactly Retry-After seconds finds the window closed.
  return std::chrono::ceil<std::chrono::seconds>(closes - now);
}

void memory_login_limiter::count_failure(const std::string& key, time_point now) {
  auto& entry = windows_[key];
  if (entry.failures == 0 || entry.opened + limits_.window <= now) {
    entry = window{now, 0};
  }
  ++entry.failures;
}

void memory_login_limiter::sweep(time_point now) {
  std::erase_if(windows_, [&](const auto& item) { return item.second.opened + limits_.window <= now; });
  // Grow the threshold with what survived, so a large set of live windows is not swept each time.
  sweep_at_ = std::max<std::size_t>(1024, windows_.size() * 2);
}

}  // namespace pricewatch
