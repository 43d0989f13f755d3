// Tests make_login_limiter: the limiter chosen by the cache URL; without Redis built
// (PRICEWATCH_WITH_REDIS=OFF), a redis:// URL is a configuration error naming the option.
#include "auth/login_limiter.hpp"

#if PRICEWATCH_HAS_REDIS
#include "auth/redis_login_limiter.hpp"
#endif

#include <gtest/gtest.h>

#include <stdexcept>

namespace pricewatch {
namespace {

const manual_clock test_clock{time_point(std::chrono::seconds(1'790'000'000))};

TEST(make_login_limiter, memory_url_gives_a_limiter_in_this_process) {
  const auto limiter = make_login_limiter("memory://", login_limits{}, test_clock);
  EXPECT_NE(dynamic_cast<memory_login_limiter*>(limiter.get()), nullptr);
}

#if PRICEWATCH_HAS_REDIS
// No connection is made here: Redis may be down when a process starts.
TEST(make_login_limiter, redis_url_gives_a_limiter_in_redis) {
  const auto limiter = make_login_limiter("redis://127.0.0.1:1/0", login_limits{}, test_clock);
  EXPECT_NE(dynamic_cast<redis_login_limiter*>(limiter.get()), nullptr);
}
#else
TEST(make_login_limiter, redis_url_is_a_configuration_error_without_redis) {
  try {
    make_login_limiter("redis://127.0.0.1:1/0", login_limits{}, test_clock);
    FAIL() << "accepted redis:// without Redis support";
  } catch (const std::invalid_argument& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("built without Redis support (PRICEWATCH_WITH_REDIS=OFF)"), std::string::npos) << message;
  }
}
#endif

TEST(make_login_limiter, refuses_unsupported_and_malformed_urls) {
  try {
    make_login_limiter("memcached://localhost", login_limits{}, test_clock);
    FAIL() << "accepted memcached://";
  } catch (const std::invalid_argument& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("memory://"), std::string::npos) << message;
    EXPECT_NE(message.find("redis://"), std::string::npos) << message;
  }
  EXPECT_THROW(make_login_limiter("redis://localhost:0/0", login_limits{}, test_clock), std::invalid_argument);
}

}  // namespace
}  // namespace pricewatch
