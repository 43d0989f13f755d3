// Tests make_response_cache: the cache chosen by URL; without Redis built
// (PRICEWATCH_WITH_REDIS=OFF), a redis:// URL is a configuration error naming the option.
#include "cache/response_cache.hpp"

#if PRICEWATCH_HAS_REDIS
#include "cache/redis/redis_cache.hpp"
#endif
#include "core/clock.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace pricewatch {
namespace {

TEST(make_response_cache, memory_url_gives_a_working_cache) {
  const manual_clock clock{time_point(std::chrono::seconds(1'790'000'000))};
  const auto cache = make_response_cache(cache_config{}, clock);
  ASSERT_NE(cache, nullptr);
  cache->put(7, "key", "body");
  EXPECT_EQ(cache->get(7, "key"), "body");
  EXPECT_EQ(cache->failures(), 0u);
}

#if PRICEWATCH_HAS_REDIS
// No connection is made here: Redis may be down when a process starts.
TEST(make_response_cache, redis_url_gives_a_redis_cache) {
  const manual_clock clock{time_point(std::chrono::seconds(1'790'000'000))};
  cache_config config;
  config.url = "redis://127.0.0.1:1/0";
  const auto cache = make_response_cache(config, clock);
  EXPECT_NE(dynamic_cast<redis_cache*>(cache.get()), nullptr);
}
#else
TEST(make_response_cache, redis_url_is_a_configuration_error_without_redis) {
  const manual_clock clock{time_point(std::chrono::seconds(1'790'000'000))};
  cache_config config;
  config.url = "redis://127.0.0.1:1/0";
  try {
    make_response_cache(config, clock);
    FAIL() << "accepted redis:// without Redis support";
  } catch (const std::invalid_argument& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("built without Redis support (PRICEWATCH_WITH_REDIS=OFF)"), std::string::npos) << message;
  }
}
#endif

TEST(make_response_cache, refuses_unsupported_urls_naming_the_supported_ones) {
  const manual_clock clock{time_point(std::chrono::seconds(1'790'000'000))};
  cache_config config;
  config.url = "memcached://localhost";
  try {
    make_response_cache(config, clock);
    FAIL() << "accepted memcached://";
  } catch (const std::invalid_argument& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("memory://"), std::string::npos) << message;
    EXPECT_NE(message.find("redis://"), std::string::npos) << message;
  }
}

#if PRICEWATCH_HAS_REDIS
TEST(make_response_cache, refuses_a_malformed_redis_url) {
  const manual_clock clock{time_point(std::chrono::seconds(1'790'000'000))};
  cache_config config;
  config.url = "redis://localhost:6379/not-a-number";
  EXPECT_THROW(make_response_cache(config, clock), std::invalid_argument);
}
#endif

}  // namespace
}  // namespace pricewatch
