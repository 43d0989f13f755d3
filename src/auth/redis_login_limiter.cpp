#include "auth/redis_login_limiter.hpp"

#include <spdlog/spdlog.h>

#include <charconv>

namespace pricewatch {
namespace {

// Counts one failure on each key and opens its window at the first one. A script, because Redis
// runs it alone: INCR and EXPIRE happen together or not at all, so a key never lives without a
// TTL, which would block its account or client for good. (SET key 0 EX window NX followed by INCR
// leaves that gap: if the key expires between the two, INCR creates it with no TTL.) It works on
// any Redis from 2.6, needs no EXPIRE ... NX (7.0), and counts both keys in one round trip.
// Testing for a missing TTL instead of a count of 1 also mends a key that somehow lost its TTL.
// (Two keys in one script suit one Redis; a Redis Cluster would need them in one hash slot.)
constexpr const char* count_failure_script = R"lua(
for _, key in ipairs(KEYS) do
  redis.call('INCR', key)
  if redis.call('TTL', key) == -1 then redis.call('EXPIRE', key, ARGV[1]) end
end
return 1
)lua";

std::int64_t count_of(const redis_reply& reply) {
  std::int64_t count = 0;
  if (reply.type == redis_reply::kind::string) {
    std::from_chars(reply.text.data(), reply.text.data() + reply.text.size(), count);
  }
  return count;
}

// How long a key holding count failures blocks, from its PTTL reply; nullopt when it does not.
std::optional<std::chrono::seconds> blocked_for(const redis_reply& count, const redis_reply& ttl, std::int64_t limit,
                                                std::chrono::seconds window) {
  if (count_of(count) < limit) return std::nullopt;
  // -2: it expired between the two reads. -1: no TTL, which the script never leaves; say the
  // whole window rather than let the count block for good unnoticed.
  if (ttl.integer == -1) return window;
  if (ttl.integer <= 0) return std::nullopt;
  // Round up, so that a client that waits exactly Retry-After seconds finds the window closed.
  return std::chrono::ceil<std::chrono::seconds>(std::chrono::milliseconds(ttl.integer));
}

std::optional<std::chrono::seconds> later_of(std::optional<std::chrono::seconds> a,
                                             std::optional<std::chrono::seconds> b) {
  if (a && b) return std::max(*a, *b);
  return a ? a : b;
}

}  // namespace

redis_login_limiter::redis_login_limiter(const std::string& url, login_limits limits, const wall_clock& clock,
                                         std::string key_prefix, redis_timeouts timeouts)
    : client_(url, clock, timeouts), limits_(limits), prefix_(std::move(key_prefix)), fallback_(limits, clock) {}

std::optional<std::chrono::seconds> redis_login_limiter::retry_after(const std::string& account,
                                                                     const std::string& client) {
  // The fallback holds only what was counted while Redis failed, so it is empty in normal times.
  const auto local = fallback_.retry_after(account, client);
  const auto account_entry = account_key(account);
  const auto client_entry = client_key(client);
  const auto replies = client_.run_all(
      {{"GET", account_entry}, {"PTTL", account_entry}, {"GET", client_entry}, {"PTTL", client_entry}});
  if (!replies) {
    falling_back("cannot read the failure counts");
    return local;
  }
  answering();
  const auto& read = *replies;
  // A count without a TTL, which the script never leaves (say, one written by hand), would block
  // for good, since a blocked login records no failure that could mend it: give it the window.
  for (const auto& [ttl, key] : {std::pair{&read[1], &account_entry}, std::pair{&read[3], &client_entry}}) {
    if (ttl->integer == -1) client_.run({"EXPIRE", *key, std::to_string(limits_.window.count())});
  }
  return later_of(local, later_of(blocked_for(read[0], read[1], limits_.failures_per_account, limits_.window),
                                  blocked_for(read[2], read[3], limits_.failures_per_client, limits_.window)));
}

void redis_login_limiter::record_failure(const std::string& account, const std::string& client) {
  const auto counted = client_.run({"EVAL", count_failure_script, "2", account_key(account), client_key(client),
                                    std::to_string(limits_.window.count())});
  if (!counted) {
    falling_back("cannot count a failure");
    fallback_.record_failure(account, client);
    return;
  }
  answering();
}

void redis_login_limiter::record_success(const std::string& account) {
  fallback_.record_success(account);
  // If this fails the account's earlier failures keep counting until their window closes: a
  // stricter limit, never a looser one.
  if (!client_.run({"DEL", account_key(account)})) {
    falling_back("cannot clear an account's failures");
    return;
  }
  answering();
}

void redis_login_limiter::falling_back(std::string_view what) {
  // Once per outage: the client's own warnings (rate-limited) carry the details.
  if (!fell_back_.exchange(true)) {
    spdlog::warn("login limiter: {} in Redis; counting failures in this process while Redis fails", what);
  }
}

void redis_login_limiter::answering() {
  if (fell_back_.exchange(false)) {
    spdlog::info("login limiter: Redis answers again; failures counted meanwhile hold in this process until their "
                 "windows close");
  }
}

}  // namespace pricewatch
