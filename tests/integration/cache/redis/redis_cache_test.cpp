// Tests what only the Redis response cache does: entries shared between processes, the TTL sent
// with each entry, the epoch bump after a lost invalidation, and misses while Redis is down. The
// contract it shares with the memory cache is in cache/response_cache_test.cpp.
#include "cache/redis/redis_cache.hpp"

#include "redis_test_keys.hpp"

#include <gtest/gtest.h>

namespace pricewatch {
namespace {

using namespace std::chrono_literals;

class redis_cache_test : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_NO_FATAL_FAILURE(redis_.open()); }

  redis_cache make_cache(std::chrono::seconds ttl = 60s) {
    cache_config config;
    config.url = redis_.url();
    config.ttl = ttl;
    return redis_cache(config, clock_, redis_.prefix());
  }

  std::optional<std::string> value_of(const std::string& key) {
    const auto reply = redis_.admin().run({"GET", redis_.prefix() + key});
    if (!reply || reply->type != redis_reply::kind::string) return std::nullopt;
    return reply->text;
  }

  manual_clock clock_{time_point(std::chrono::seconds(1'790'000'000))};
  test_support::redis_test_keys redis_;
};

TEST_F(redis_cache_test, waits_on_redis_so_it_does_not_run_on_io_threads) {
  EXPECT_FALSE(make_cache().never_blocks());
}

TEST_F(redis_cache_test, puts_an_entry_under_the_epoch_and_generation_with_the_ttl_of_the_config) {
  auto cache = make_cache(60s);
  cache.put(7, "list|page=1", "body");
  EXPECT_EQ(redis_.keys(), std::vector<std::string>{redis_.prefix() + "r:0:7:0:list|page=1"});
  const auto ttl = redis_.admin().run({"PTTL", redis_.prefix() + "r:0:7:0:list|page=1"});
  ASSERT_TRUE(ttl);
  EXPECT_GT(ttl->integer, 55'000);
  EXPECT_LE(ttl->integer, 60'000);

  cache.invalidate_user(7);
  EXPECT_EQ(value_of("gen:7"), "1");
  cache.put(7, "list|page=1", "new body");
  EXPECT_EQ(value_of("r:0:7:1:list|page=1"), "new body");
}

TEST_F(redis_cache_test, a_change_on_one_process_makes_the_next_get_fresh_on_every_process) {
  auto one = make_cache();
  auto other = make_cache();
  one.put(1, "a", "1a");
  one.put(2, "a", "2a");
  EXPECT_EQ(other.get(1, "a"), "1a");
  other.invalidate_user(1);
  EXPECT_EQ(one.get(1, "a"), std::nullopt);
  EXPECT_EQ(one.get(2, "a"), "2a");
}

// An invalidation that cannot be sent leaves the user's old entries reachable; the cache must
// bump the epoch before it serves anything again. Redis refusing the INCR (the generation holds
// text) fails the call exactly as Redis being down would, but keeps the entries there to be served.
TEST_F(redis_cache_test, after_a_lost_invalidation_the_next_call_retires_every_users_entries) {
  auto cache = make_cache();
  cache.put(1, "a", "1a");
  cache.put(2, "a", "2a");
  ASSERT_TRUE(redis_.admin().run({"SET", redis_.prefix() + "gen:1", "not a number"}));

  cache.invalidate_user(1);
  EXPECT_GE(cache.failures(), 1u);
  clock_.advance(1s);  // past the client's backoff

  EXPECT_EQ(cache.get(2, "a"), std::nullopt);
  EXPECT_EQ(value_of("epoch"), "1");
  EXPECT_EQ(cache.get(1, "a"), std::nullopt);
  // Retired once: the cache works again and the epoch stays.
  cache.put(2, "a", "2a again");
  EXPECT_EQ(cache.get(2, "a"), "2a again");
  EXPECT_EQ(value_of("epoch"), "1");
}

// Redis stays unreachable for every call of this test. 127.0.0.1:1 refuses at once; after the first
// refusal the client does not even try until its backoff passes (the manual clock stands still).
TEST_F(redis_cache_test, when_redis_is_down_gets_miss_and_changes_are_dropped) {
  cache_config config;
  config.url = "redis://127.0.0.1:1/0";
  redis_cache cache(config, clock_, redis_.prefix());
  EXPECT_EQ(cache.get(1, "a"), std::nullopt);
  EXPECT_NO_THROW(cache.put(1, "a", "body"));
  EXPECT_NO_THROW(cache.invalidate_user(1));
  EXPECT_EQ(cache.get(1, "a"), std::nullopt);
  const auto failed = cache.failures();
  EXPECT_GE(failed, 4u);
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(cache.get(1, "a"), std::nullopt);
  EXPECT_EQ(cache.failures(), failed + 1000);
  clock_.advance(1s);
  EXPECT_EQ(cache.get(1, "a"), std::nullopt);
}

}  // namespace
}  // namespace pricewatch
