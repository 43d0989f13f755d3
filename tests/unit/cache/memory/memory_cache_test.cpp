// Tests what only the memory response cache does: expiry to the tick of its clock, and the bound
// on entries. The contract it shares with Redis is in cache/response_cache_test.cpp.
#include "cache/memory/memory_cache.hpp"

#include <gtest/gtest.h>

namespace pricewatch {
namespace {

using namespace std::chrono_literals;

cache_config config_with(std::chrono::seconds ttl, std::size_t max_entries = 100) {
  cache_config config;
  config.ttl = ttl;
  config.max_entries = max_entries;
  return config;
}

class memory_cache_test : public ::testing::Test {
 protected:
  manual_clock clock_{time_point(std::chrono::seconds(1'790'000'000))};
};

TEST_F(memory_cache_test, an_entry_expires_exactly_at_the_ttl) {
  memory_cache cache(config_with(60s), clock_);
  cache.put(1, "a", "body");
  clock_.advance(60s - 1ms);
  EXPECT_EQ(cache.get(1, "a"), "body");
  clock_.advance(2ms);
  EXPECT_EQ(cache.get(1, "a"), std::nullopt);
  // The expired entry stays gone even if time could go back.
  EXPECT_EQ(cache.get(1, "a"), std::nullopt);
}

TEST_F(memory_cache_test, never_blocks) {
  memory_cache cache(config_with(60s), clock_);
  EXPECT_TRUE(cache.never_blocks());
}

// When full of live entries the cache starts over (memory_cache.cpp: make_room), so the newest
// entry is always served and the older ones are gone.
TEST_F(memory_cache_test, when_full_of_live_entries_it_keeps_only_the_newest) {
  memory_cache cache(config_with(60s, 2), clock_);
  cache.put(1, "a", "a");
  cache.put(2, "b", "b");
  cache.put(1, "c", "c");
  EXPECT_EQ(cache.get(1, "c"), "c");
  EXPECT_EQ(cache.get(1, "a"), std::nullopt);
  EXPECT_EQ(cache.get(2, "b"), std::nullopt);
  cache.put(2, "d", "d");
  EXPECT_EQ(cache.get(1, "c"), "c");
  EXPECT_EQ(cache.get(2, "d"), "d");
}

TEST_F(memory_cache_test, when_full_it_drops_expired_entries_first) {
  memory_cache cache(config_with(10s, 2), clock_);
  cache.put(1, "old", "old");
  clock_.advance(11s);
  cache.put(2, "live", "live");
  cache.put(3, "newest", "newest");
  EXPECT_EQ(cache.get(2, "live"), "live");
  EXPECT_EQ(cache.get(3, "newest"), "newest");
  EXPECT_EQ(cache.get(1, "old"), std::nullopt);
}

TEST_F(memory_cache_test, replacing_an_entry_when_full_evicts_nothing) {
  memory_cache cache(config_with(60s, 2), clock_);
  cache.put(1, "a", "a");
  cache.put(1, "b", "b");
  cache.put(1, "a", "a2");
  EXPECT_EQ(cache.get(1, "a"), "a2");
  EXPECT_EQ(cache.get(1, "b"), "b");
}

// Entries dropped by invalidation or expiry no longer count against the bound.
TEST_F(memory_cache_test, dropped_entries_free_their_room) {
  memory_cache cache(config_with(60s, 2), clock_);
  cache.put(1, "a", "a");
  cache.put(2, "b", "b");
  cache.invalidate_user(1);
  cache.put(3, "c", "c");
  EXPECT_EQ(cache.get(2, "b"), "b");
  EXPECT_EQ(cache.get(3, "c"), "c");

  clock_.advance(61s);
  EXPECT_EQ(cache.get(2, "b"), std::nullopt);
  EXPECT_EQ(cache.get(3, "c"), std::nullopt);
  cache.put(4, "d", "d");
  cache.put(5, "e", "e");
  EXPECT_EQ(cache.get(4, "d"), "d");
  EXPECT_EQ(cache.get(5, "e"), "e");
}

}  // namespace
}  // namespace pricewatch
