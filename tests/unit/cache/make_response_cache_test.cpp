// Tests make_response_cache: the cache chosen by URL.
#include "cache/response_cache.hpp"

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
}

TEST(make_response_cache, refuses_unsupported_urls) {
  const manual_clock clock{time_point(std::chrono::seconds(1'790'000'000))};
  cache_config config;
  config.url = "memcached://localhost";
  EXPECT_THROW(make_response_cache(config, clock), std::invalid_argument);
}

}  // namespace
}  // namespace pricewatch
