// The scale-out response cache: entries in Redis, shared by every api process, so that a change
// on one process makes the next GET fresh on all of them. Thread-safe; get() waits on Redis, so
// it runs on the blocking pool (never_blocks() is false). A Redis that fails is a miss.
#pragma once

#include "cache/redis/redis_client.hpp"
#include "cache/response_cache.hpp"

#include <atomic>
#include <cstdint>
#include <string>

namespace pricewatch {

// Keys (with the default prefix "pw:"):
//   pw:epoch                            bumped to retire every entry of every user at once
//   pw:gen:<user>                       bumped by invalidate_user
//   pw:r:<epoch>:<user>:<gen>:<key>     a body, with the TTL of the config
// An entry is reachable only under the current epoch and generation, so bumping either one
// invalidates without deleting; the old entries expire by their TTL.
class redis_cache final : public response_cache {
 public:
  // Throws std::invalid_argument for a bad config.url. Tests pass their own key_prefix to keep
  // out of each other's way on one Redis.
  redis_cache(const cache_config& config, const wall_clock& clock, std::string key_prefix = "pw:",
              redis_timeouts timeouts = {});

  std::optional<std::string> get(std::int64_t user_id, const std::string& key) override;
  void put(std::int64_t user_id, const std::string& key, const std::string& body) override;
  void invalidate_user(std::int64_t user_id) override;
  // The user's entry prefix under the current epoch and generation; "" when Redis failed.
  std::string version(std::int64_t user_id) override;
  void fill(std::int64_t user_id, const std::string& key, const std::string& version, const std::string& body) override;
  bool never_blocks() const override { return false; }
  std::uint64_t failures() const override { return client_.failures(); }

 private:
  std::optional<std::string> entry_key(std::int64_t user_id, const std::string& key);
  std::optional<std::string> entry_prefix(std::int64_t user_id);
  bool retire_after_lost_invalidations();

  redis_client client_;
  std::chrono::seconds ttl_;
  std::string prefix_;
  // Invalidations that failed, and how many of them an epoch bump has covered since.
  std::atomic<std::uint64_t> lost_invalidations_{0};
  std::atomic<std::uint64_t> retired_invalidations_{0};
};

}  // namespace pricewatch
