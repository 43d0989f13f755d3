// The embedded mode's response cache: a map in this process with a TTL and a bound on entries.
// Thread-safe behind one mutex; entries are small and operations short.
#pragma once

#include "cache/response_cache.hpp"
#include "core/clock.hpp"

#include <mutex>
#include <unordered_map>

namespace pricewatch {

class memory_cache final : public response_cache {
 public:
  memory_cache(const cache_config& config, const wall_clock& clock);

  std::optional<std::string> get(std::int64_t user_id, const std::string& key) override;
  void put(std::int64_t user_id, const std::string& key, const std::string& body) override;
  void invalidate_user(std::int64_t user_id) override;
  std::string version(std::int64_t user_id) override;
  void fill(std::int64_t user_id, const std::string& key, const std::string& version, const std::string& body) override;
  bool never_blocks() const override { return true; }

 private:
  struct entry {
    std::string body;
    time_point expires_at;
  };
  using user_entries = std::unordered_map<std::string, entry>;

  void make_room(time_point now);
  void store(std::int64_t user_id, const std::string& key, const std::string& body, time_point now);  // locked

  std::chrono::seconds ttl_;
  std::size_t max_entries_;
  const wall_clock& clock_;
  std::mutex mutex_;
  std::unordered_map<std::int64_t, user_entries> users_;
  std::size_t entries_ = 0;
  // Per user, how many times it was invalidated: one counter per user who ever changed alerts.
  std::unordered_map<std::int64_t, std::uint64_t> generations_;
};

}  // namespace pricewatch
