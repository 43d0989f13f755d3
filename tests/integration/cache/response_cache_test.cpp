// The response cache contract, run against every backend with the same tests: memory (a manual
// clock) and Redis (PRICEWATCH_TEST_REDIS_URL; time passes by shortening its TTLs, see
// redis_test_keys::advance). What only one backend does is tested beside it.
#include "cache/response_cache.hpp"

#include "backends.hpp"
#include "cache/memory/memory_cache.hpp"
#if PRICEWATCH_HAS_REDIS
#include "cache/redis/redis_cache.hpp"
#include "redis_test_keys.hpp"
#endif

#include <gtest/gtest.h>

namespace pricewatch {
namespace {

using namespace std::chrono_literals;

class response_cache_test : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
#if PRICEWATCH_HAS_REDIS
    if (GetParam() == "redis") {
      ASSERT_NO_FATAL_FAILURE(redis_.open());
    }
#endif
  }

  std::unique_ptr<response_cache> make_cache(std::chrono::seconds ttl) {
    cache_config config;
    config.ttl = ttl;
#if PRICEWATCH_HAS_REDIS
    if (GetParam() == "redis") {
      config.url = redis_.url();
      return std::make_unique<redis_cache>(config, clock_, redis_.prefix());
    }
#endif
    return std::make_unique<memory_cache>(config, clock_);
  }

  void advance(std::chrono::milliseconds by) {
    clock_.advance(by);
#if PRICEWATCH_HAS_REDIS
    if (GetParam() == "redis") redis_.advance(by);
#endif
  }

  manual_clock clock_{time_point(std::chrono::seconds(1'790'000'000))};
#if PRICEWATCH_HAS_REDIS
  test_support::redis_test_keys redis_;
#endif
};

TEST_P(response_cache_test, serves_what_was_put_for_that_user_and_key) {
  const auto cache = make_cache(60s);
  EXPECT_EQ(cache->get(1, "a"), std::nullopt);
  cache->put(1, "a", "body a");
  cache->put(1, "b", "body b");
  cache->put(2, "a", "other user's a");
  EXPECT_EQ(cache->get(1, "a"), "body a");
  EXPECT_EQ(cache->get(1, "b"), "body b");
  EXPECT_EQ(cache->get(2, "a"), "other user's a");
  EXPECT_EQ(cache->get(2, "b"), std::nullopt);
  EXPECT_EQ(cache->get(3, "a"), std::nullopt);
}

TEST_P(response_cache_test, an_entry_expires_after_the_ttl) {
  const auto cache = make_cache(60s);
  cache->put(1, "a", "body");
  advance(59s);
  EXPECT_EQ(cache->get(1, "a"), "body");
  advance(1s);
  EXPECT_EQ(cache->get(1, "a"), std::nullopt);
  EXPECT_EQ(cache->get(1, "a"), std::nullopt);
}

TEST_P(response_cache_test, putting_again_replaces_the_body_and_restarts_the_ttl) {
  const auto cache = make_cache(60s);
  cache->put(1, "a", "old");
  advance(50s);
  cache->put(1, "a", "new");
  advance(50s);
  EXPECT_EQ(cache->get(1, "a"), "new");
  advance(11s);
  EXPECT_EQ(cache->get(1, "a"), std::nullopt);
}

TEST_P(response_cache_test, invalidate_user_drops_only_that_users_entries) {
  const auto cache = make_cache(60s);
  cache->put(1, "a", "1a");
  cache->put(1, "b", "1b");
  cache->put(2, "a", "2a");
  cache->invalidate_user(1);
  EXPECT_EQ(cache->get(1, "a"), std::nullopt);
  EXPECT_EQ(cache->get(1, "b"), std::nullopt);
  EXPECT_EQ(cache->get(2, "a"), "2a");
  cache->invalidate_user(3);
  EXPECT_EQ(cache->get(2, "a"), "2a");
  cache->put(1, "a", "1a again");
  EXPECT_EQ(cache->get(1, "a"), "1a again");
}

TEST_P(response_cache_test, a_zero_ttl_disables_the_cache) {
  const auto cache = make_cache(0s);
  cache->put(1, "a", "body");
  EXPECT_EQ(cache->get(1, "a"), std::nullopt);
  cache->invalidate_user(1);
  EXPECT_EQ(cache->get(1, "a"), std::nullopt);
}

// Keys carry the client's Host header and query; bodies are whatever the handler produced.
TEST_P(response_cache_test, keys_and_bodies_are_kept_byte_for_byte) {
  const auto cache = make_cache(60s);
  const std::string key("v1|h\0st:1|/api?a=1 2\r\n*3", 24);
  const std::string other_key("v1|h\0st:1|/api?a=1 2\r\n*4", 24);
  std::string body("{\"x\":\"\xc3\xa9\"}\0\r\n$-1\r\n", 18);
  body += std::string(200'000, 'z');
  cache->put(1, key, body);
  EXPECT_EQ(cache->get(1, key), body);
  EXPECT_EQ(cache->get(1, other_key), std::nullopt);
  cache->put(1, "", "");
  EXPECT_EQ(cache->get(1, ""), "");
}

TEST_P(response_cache_test, counts_no_failure_while_its_backend_answers) {
  const auto cache = make_cache(60s);
  cache->put(1, "a", "body");
  EXPECT_EQ(cache->get(1, "a"), "body");
  cache->invalidate_user(1);
  EXPECT_EQ(cache->get(1, "a"), std::nullopt);
  EXPECT_EQ(cache->failures(), 0u);
}

TEST_P(response_cache_test, a_fill_with_the_version_read_before_the_database_is_served) {
  const auto cache = make_cache(60s);
  const auto version = cache->version(1);
  cache->fill(1, "a", version, "page");
  EXPECT_EQ(cache->get(1, "a"), "page");
}

TEST_P(response_cache_test, a_fill_after_a_change_in_between_is_never_served) {
  // A GET missed and read the database; the user's alerts changed (on any process) before it
  // stored the page: that page is older than the change and must not be served.
  const auto cache = make_cache(60s);
  const auto before = cache->version(1);
  cache->invalidate_user(1);
  cache->fill(1, "a", before, "page older than the change");
  EXPECT_EQ(cache->get(1, "a"), std::nullopt);
  // Another user's version is not affected by it.
  const auto other = cache->version(2);
  cache->invalidate_user(1);
  cache->fill(2, "a", other, "fresh");
  EXPECT_EQ(cache->get(2, "a"), "fresh");
}

TEST_P(response_cache_test, a_disabled_cache_fills_nothing) {
  const auto cache = make_cache(0s);
  cache->fill(1, "a", cache->version(1), "page");
  EXPECT_EQ(cache->get(1, "a"), std::nullopt);
}

INSTANTIATE_TEST_SUITE_P(backends, response_cache_test, ::testing::ValuesIn(test_support::cache_backends()),
                         [](const ::testing::TestParamInfo<std::string>& backend) { return backend.param; });

}  // namespace
}  // namespace pricewatch
