// Tests what only the Redis login limiter does: counts shared between processes, keys that expire
// with their window, and limits held in this process while Redis fails. The contract it shares
// with the memory limiter is in login_limiter_test.cpp.
#include "auth/redis_login_limiter.hpp"

#include "redis_test_keys.hpp"

#include <gtest/gtest.h>

namespace pricewatch {
namespace {

using namespace std::chrono_literals;

class redis_login_limiter_test : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_NO_FATAL_FAILURE(redis_.open()); }

  redis_login_limiter make_limiter() { return redis_login_limiter(redis_.url(), limits_, clock_, redis_.prefix()); }

  long long ttl_ms(const std::string& key) {
    const auto reply = redis_.admin().run({"PTTL", redis_.prefix() + key});
    return reply ? reply->integer : -3;
  }

  const login_limits limits_{10, 15, 15min};
  manual_clock clock_{time_point(std::chrono::seconds(1'790'000'000))};
  test_support::redis_test_keys redis_;
};

TEST_F(redis_login_limiter_test, each_count_expires_when_its_window_closes) {
  auto limiter = make_limiter();
  limiter.record_failure("a@example.com", "10.0.0.1");
  for (const auto* key : {"login:a:a@example.com", "login:c:10.0.0.1"}) {
    EXPECT_GT(ttl_ms(key), 890'000) << key;
    EXPECT_LE(ttl_ms(key), 900'000) << key;
  }
  redis_.advance(60s);
  limiter.record_failure("a@example.com", "10.0.0.1");
  // The window opened at the first failure; the second does not move it.
  EXPECT_LE(ttl_ms("login:a:a@example.com"), 840'000);
  EXPECT_EQ(redis_.admin().run({"GET", redis_.prefix() + "login:a:a@example.com"}).value().text, "2");
}

// Counts are never left without a TTL by the limiter, but one written otherwise must not block for
// good: the next failure or, when it already blocks (a blocked login records no failure), the next
// check gives it the window.
TEST_F(redis_login_limiter_test, a_count_left_without_a_ttl_gets_the_window) {
  ASSERT_TRUE(redis_.admin().run({"SET", redis_.prefix() + "login:a:a@example.com", "3"}));
  ASSERT_TRUE(redis_.admin().run({"SET", redis_.prefix() + "login:a:b@example.com", "10"}));
  auto limiter = make_limiter();
  limiter.record_failure("a@example.com", "10.0.0.1");
  EXPECT_GT(ttl_ms("login:a:a@example.com"), 890'000);
  EXPECT_EQ(limiter.retry_after("b@example.com", "10.0.0.1"), 900s);
  EXPECT_GT(ttl_ms("login:a:b@example.com"), 890'000);
}

TEST_F(redis_login_limiter_test, processes_sharing_a_redis_share_the_limits) {
  auto one = make_limiter();
  auto other = make_limiter();
  for (int i = 0; i < 5; ++i) one.record_failure("a@example.com", "10.0.0.1");
  for (int i = 0; i < 5; ++i) other.record_failure("a@example.com", "10.0.0.2");
  EXPECT_EQ(one.retry_after("a@example.com", "10.0.0.3"), 900s);
  other.record_success("a@example.com");
  EXPECT_EQ(one.retry_after("a@example.com", "10.0.0.3"), std::nullopt);
  EXPECT_EQ(one.failures() + other.failures(), 0u);
}

// 127.0.0.1:1 refuses at once. The user never sees an error: the limits hold in this process.
TEST_F(redis_login_limiter_test, when_redis_is_down_the_limits_hold_in_this_process) {
  redis_login_limiter limiter("redis://127.0.0.1:1/0", limits_, clock_, redis_.prefix());
  for (int i = 0; i < 9; ++i) limiter.record_failure("a@example.com", "10.0.0.1");
  EXPECT_EQ(limiter.retry_after("a@example.com", "10.0.0.1"), std::nullopt);
  limiter.record_failure("a@example.com", "10.0.0.1");
  EXPECT_EQ(limiter.retry_after("a@example.com", "10.0.0.1"), 900s);
  clock_.advance(100s);
  EXPECT_EQ(limiter.retry_after("a@example.com", "10.0.0.2"), 800s);
  limiter.record_success("a@example.com");
  EXPECT_EQ(limiter.retry_after("a@example.com", "10.0.0.1"), std::nullopt);
  EXPECT_GE(limiter.failures(), 13u);
}

// Failures counted in this process while Redis failed keep blocking once Redis answers again
// (which knows nothing of them). Redis refusing the INCR (the count holds text) fails the call as
// Redis being down would.
TEST_F(redis_login_limiter_test, failures_counted_while_redis_failed_still_hold_after_it_answers) {
  const auto key = redis_.prefix() + "login:a:a@example.com";
  ASSERT_TRUE(redis_.admin().run({"SET", key, "not a number"}));
  auto limiter = make_limiter();
  for (int i = 0; i < 10; ++i) limiter.record_failure("a@example.com", "10.0.0.1");
  EXPECT_EQ(limiter.retry_after("a@example.com", "10.0.0.1"), 900s);
  EXPECT_GE(limiter.failures(), 10u);

  ASSERT_TRUE(redis_.admin().run({"DEL", key}));
  clock_.advance(1s);
  const auto failed = limiter.failures();
  EXPECT_EQ(limiter.retry_after("a@example.com", "10.0.0.1"), 899s);
  EXPECT_EQ(limiter.failures(), failed);  // Redis answered
  limiter.record_failure("b@example.com", "10.0.0.9");
  EXPECT_EQ(redis_.admin().run({"GET", redis_.prefix() + "login:a:b@example.com"}).value().text, "1");
}

}  // namespace
}  // namespace pricewatch
