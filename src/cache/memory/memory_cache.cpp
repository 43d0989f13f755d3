#include "cache/memory/memory_cache.hpp"

namespace pricewatch {

memory_cache::memory_cache(const cache_config& config, const wall_clock& clock)
    : ttl_(config.ttl), max_entries_(config.max_entries), clock_(clock) {}

std::optional<std::string> memory_cache::get(std::int64_t user_id, const std::string& key) {
  const auto now = clock_.now();
  std::lock_guard lock(mutex_);
  const auto user = users_.find(user_id);
  if (user == users_.end()) {
    return std::nullopt;
  }
  const auto found = user->second.find(key);
  if (found == user->second.end()) {
    return std::nullopt;
  }
  if (found->second.expires_at <= now) {
    user->second.erase(found);
    --entries_;
    return std::nullopt;
  }
  return found->second.body;
}

void memory_cache::put(std::int64_t user_id, const std::string& key, const std::string& body) {
  if (ttl_.count() <= 0) {
    return;
  }
  const auto now = clock_.now();
  std::lock_guard lock(mutex_);
  store(user_id, key, body, now);
}

std::string memory_cache::version(std::int64_t user_id) {
  std::lock_guard lock(mutex_);
  const auto found = generations_.find(user_id);
  return std::to_string(found == generations_.end() ? 0 : found->second);
}

void memory_cache::fill(std::int64_t user_id, const std::string& key, const std::string& version,
                        const std::string& body) {
  if (ttl_.count() <= 0) {
    return;
  }
  const auto now = clock_.now();
  std::lock_guard lock(mutex_);
  const auto found = generations_.find(user_id);
  if (std::to_string(found == generations_.end() ? 0 : found->second) != version) {
    return;  // changed since the caller read the database
  }
  store(user_id, key, body, now);
}

void memory_cache::store(std::int64_t user_id, const std::string& key, const std::string& body, time_point now) {
  auto& entries = users_[user_id];
  auto found = entries.find(key);
  if (found != entries.end()) {
    found->second = entry{body, now + ttl_};
    return;
  }
  if (entries_ >= max_entries_) {
    make_room(now);
  }
  users_[user_id].emplace(key, entry{body, now + ttl_});
  ++entries_;
}

void memory_cache::invalidate_user(std::int64_t user_id) {
  std::lock_guard lock(mutex_);
  ++generations_[user_id];
  const auto user = users_.find(user_id);
  if (user != users_.end()) {
    entries_ -= user->second.size();
    users_.erase(user);
  }
}

void memory_cache::make_room(time_point now) {
  for (auto user = users_.begin(); user != users_.end();) {
    auto& entries = user->second;
    for (auto item = entries.begin(); item != entries.end();) {
      if (item->second.expires_at <= now) {
        item = entries.erase(item);
        --entries_;
      } else {
        ++item;
      }
    }
    user = entries.empty() ? users_.erase(user) : std::next(user);
  }
  // Still full of live entries: start over rather than track recency on every read. The cache
  // only saves work, so dropping it costs one database query per user.
  if (entries_ >= max_entries_) {
    users_.clear();
    entries_ = 0;
  }
}

}  // namespace pricewatch
