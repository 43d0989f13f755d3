#include "cache/redis/redis_cache.hpp"

#include <spdlog/spdlog.h>

namespace pricewatch {
namespace {

// A missing epoch or generation is 0, as INCR would count from it.
std::string value_or_zero(const redis_reply& reply) {
  return reply.type == redis_reply::kind::string ? reply.text : std::string("0");
}

}  // namespace

redis_cache::redis_cache(const cache_config& config, const wall_clock& clock, std::string key_prefix,
                         redis_timeouts timeouts)
    : client_(config.url, clock, timeouts), ttl_(config.ttl), prefix_(std::move(key_prefix)) {}

// A hit in one round trip: the epoch and generation are read and the entry looked up on the
// server (the key is the same as entry_key builds). Hits are what the cache is for.
constexpr const char* lookup_script =
    "local epoch = redis.call('GET', KEYS[1]) or '0' "
    "local generation = redis.call('GET', KEYS[2]) or '0' "
    "return redis.call('GET', ARGV[1] .. epoch .. ':' .. ARGV[2] .. ':' .. generation .. ':' .. ARGV[3])";

std::optional<std::string> redis_cache::get(std::int64_t user_id, const std::string& key) {
  if (ttl_.count() <= 0 || !retire_after_lost_invalidations()) return std::nullopt;
  const auto user = std::to_string(user_id);
  auto reply = client_.run({"EVAL", lookup_script, "2", prefix_ + "epoch", prefix_ + "gen:" + user, prefix_ + "r:",
                            user, key});
  if (!reply || reply->type != redis_reply::kind::string) return std::nullopt;
  return std::move(reply->text);
}

void redis_cache::put(std::int64_t user_id, const std::string& key, const std::string& body) {
  if (ttl_.count() <= 0 || !retire_after_lost_invalidations()) return;
  const auto entry = entry_key(user_id, key);
  if (!entry) return;
  // A failed SET only costs the next GET a database query.
  client_.run({"SET", *entry, body, "EX", std::to_string(ttl_.count())});
}

// Even with caching disabled here, so that processes sharing this Redis with a TTL stay right.
void redis_cache::invalidate_user(std::int64_t user_id) {
  if (retire_after_lost_invalidations() && client_.run({"INCR", prefix_ + "gen:" + std::to_string(user_id)})) {
    return;
  }
  // The user's entries written before this change stay reachable in Redis, and after Redis
  // answers again some process could serve them until their TTL. Remember the loss, so that the
  // next successful call retires every entry first (retire_after_lost_invalidations).
  lost_invalidations_.fetch_add(1);
}

std::optional<std::string> redis_cache::entry_prefix(std::int64_t user_id) {
  const auto user = std::to_string(user_id);
  const auto replies = client_.run({"MGET", prefix_ + "epoch", prefix_ + "gen:" + user});
  if (!replies || replies->type != redis_reply::kind::array || replies->elements.size() != 2) return std::nullopt;
  return prefix_ + "r:" + value_or_zero(replies->elements[0]) + ":" + user + ":" +
         value_or_zero(replies->elements[1]) + ":";
}

std::optional<std::string> redis_cache::entry_key(std::int64_t user_id, const std::string& key) {
  auto prefix = entry_prefix(user_id);
  if (!prefix) return std::nullopt;
  return *prefix + key;
}

std::string redis_cache::version(std::int64_t user_id) {
  if (ttl_.count() <= 0 || !retire_after_lost_invalidations()) return {};
  return entry_prefix(user_id).value_or(std::string());
}

// Written under the generation read before the database was: after a change in between, under a
// key nobody reads any more (it expires by its TTL).
void redis_cache::fill(std::int64_t user_id, const std::string& key, const std::string& version,
                       const std::string& body) {
  (void)user_id;  // part of the version already
  if (ttl_.count() <= 0 || !version.starts_with(prefix_ + "r:")) return;
  client_.run({"SET", version + key, body, "EX", std::to_string(ttl_.count())});
}

// A lost invalidation is made good by bumping the epoch, which retires every user's entries, not
// only the one user's: we cannot know which users lost one on other calls, and a cold cache costs
// only database queries for one TTL, while a stale page would show a deleted or fired alert as
// active. Until the bump succeeds, nothing is served from or written to Redis. Counters rather
// than a flag, so that a loss on another thread while this bump is in flight is not forgotten.
bool redis_cache::retire_after_lost_invalidations() {
  const auto lost = lost_invalidations_.load();
  if (retired_invalidations_.load() >= lost) return true;
  if (!client_.run({"INCR", prefix_ + "epoch"})) return false;
  auto retired = retired_invalidations_.load();
  const auto covered = lost > retired ? lost - retired : 0;
  while (retired < lost && !retired_invalidations_.compare_exchange_weak(retired, lost)) {
  }
  if (covered > 0) {
    spdlog::info("redis cache: {} invalidation(s) could not be sent; retired every cached entry", covered);
  }
  return true;
}

}  // namespace pricewatch
