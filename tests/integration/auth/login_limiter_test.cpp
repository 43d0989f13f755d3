// The login limiter contract, run against every backend with the same tests: failures per account
// and per client in fixed windows. Memory runs on a manual clock; Redis on real TTLs, which
// redis_test_keys::advance shortens to let time pass. What only Redis does is in
// redis_login_limiter_test.cpp.
#include "auth/login_limiter.hpp"

#include "backends.hpp"
#if PRICEWATCH_HAS_REDIS
#include "auth/redis_login_limiter.hpp"
#include "redis_test_keys.hpp"
#endif

#include <gtest/gtest.h>

namespace pricewatch {
namespace {

using namespace std::chrono_literals;

TEST(login_limits, the_defaults_are_those_of_the_design) {
  const login_limits limits;
  EXPECT_EQ(limits.failures_per_account, 10);
  EXPECT_EQ(limits.failures_per_client, 100);
  EXPECT_EQ(limits.window, 900s);
}

class login_limiter_test : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    // A client limit below twice the account limit, so that two accounts reach it.
    const login_limits limits{10, 15, 15min};
#if PRICEWATCH_HAS_REDIS
    if (GetParam() == "redis") {
      ASSERT_NO_FATAL_FAILURE(redis_.open());
      limiter_ = std::make_unique<redis_login_limiter>(redis_.url(), limits, clock_, redis_.prefix());
      return;
    }
#endif
    limiter_ = std::make_unique<memory_login_limiter>(limits, clock_);
  }

  void fail(const std::string& account, const std::string& client, int times) {
    for (int i = 0; i < times; ++i) limiter_->record_failure(account, client);
  }

  std::optional<std::chrono::seconds> retry_after(const std::string& account, const std::string& client) {
    return limiter_->retry_after(account, client);
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
  std::unique_ptr<login_limiter> limiter_;
};

TEST_P(login_limiter_test, nine_failures_do_not_block) {
  fail("a@example.com", "10.0.0.1", 9);
  EXPECT_EQ(retry_after("a@example.com", "10.0.0.1"), std::nullopt);
}

TEST_P(login_limiter_test, ten_failures_block_the_account_until_the_window_closes) {
  fail("a@example.com", "10.0.0.1", 10);
  EXPECT_EQ(retry_after("a@example.com", "10.0.0.1"), 900s);
  // From any client.
  EXPECT_EQ(retry_after("a@example.com", "10.0.0.2"), 900s);
  advance(100s);
  EXPECT_EQ(retry_after("a@example.com", "10.0.0.1"), 800s);
}

TEST_P(login_limiter_test, the_wait_rounds_up_to_whole_seconds) {
  fail("a@example.com", "10.0.0.1", 10);
  advance(899s + 500ms);
  EXPECT_EQ(retry_after("a@example.com", "10.0.0.1"), 1s);
}

TEST_P(login_limiter_test, the_window_opens_at_the_first_failure) {
  fail("a@example.com", "10.0.0.1", 5);
  advance(14min);
  fail("a@example.com", "10.0.0.1", 5);
  EXPECT_EQ(retry_after("a@example.com", "10.0.0.1"), 60s);
}

TEST_P(login_limiter_test, failures_in_an_old_window_do_not_count) {
  fail("a@example.com", "10.0.0.1", 9);
  advance(15min);
  fail("a@example.com", "10.0.0.1", 9);
  EXPECT_EQ(retry_after("a@example.com", "10.0.0.1"), std::nullopt);
  fail("a@example.com", "10.0.0.1", 1);
  EXPECT_EQ(retry_after("a@example.com", "10.0.0.1"), 900s);
}

TEST_P(login_limiter_test, the_window_passing_unblocks) {
  fail("a@example.com", "10.0.0.1", 10);
  advance(900s);
  EXPECT_EQ(retry_after("a@example.com", "10.0.0.1"), std::nullopt);
  fail("a@example.com", "10.0.0.1", 1);
  EXPECT_EQ(retry_after("a@example.com", "10.0.0.1"), std::nullopt);
}

TEST_P(login_limiter_test, another_account_from_the_same_client_is_blocked_only_at_the_client_limit) {
  fail("a@example.com", "10.0.0.1", 10);
  EXPECT_EQ(retry_after("b@example.com", "10.0.0.1"), std::nullopt);
  fail("b@example.com", "10.0.0.1", 4);
  EXPECT_EQ(retry_after("b@example.com", "10.0.0.1"), std::nullopt);
  fail("b@example.com", "10.0.0.1", 1);
  // Fifteen failures from the client: every account is refused there, but not elsewhere.
  EXPECT_EQ(retry_after("b@example.com", "10.0.0.1"), 900s);
  EXPECT_EQ(retry_after("c@example.com", "10.0.0.1"), 900s);
  EXPECT_EQ(retry_after("c@example.com", "10.0.0.2"), std::nullopt);
  EXPECT_EQ(retry_after("b@example.com", "10.0.0.2"), std::nullopt);
}

TEST_P(login_limiter_test, the_later_of_two_blocks_is_reported) {
  fail("a@example.com", "10.0.0.1", 10);
  advance(5min);
  fail("b@example.com", "10.0.0.2", 10);
  fail("a@example.com", "10.0.0.2", 5);
  // The account's window closes in 10 minutes, the client's in 15.
  EXPECT_EQ(retry_after("a@example.com", "10.0.0.2"), 900s);
  EXPECT_EQ(retry_after("a@example.com", "10.0.0.3"), 600s);
}

TEST_P(login_limiter_test, a_success_clears_the_account) {
  fail("a@example.com", "10.0.0.1", 10);
  limiter_->record_success("a@example.com");
  EXPECT_EQ(retry_after("a@example.com", "10.0.0.1"), std::nullopt);
  fail("a@example.com", "10.0.0.1", 9);
  EXPECT_EQ(retry_after("a@example.com", "10.0.0.2"), std::nullopt);
}

TEST_P(login_limiter_test, a_success_does_not_clear_the_client) {
  fail("a@example.com", "10.0.0.1", 10);
  fail("b@example.com", "10.0.0.1", 5);
  limiter_->record_success("a@example.com");
  EXPECT_EQ(retry_after("a@example.com", "10.0.0.1"), 900s);
  EXPECT_EQ(retry_after("a@example.com", "10.0.0.2"), std::nullopt);
}

// Accounts and addresses are whatever the client sent (normalised, but not to a safe alphabet).
TEST_P(login_limiter_test, accounts_are_told_apart_byte_for_byte) {
  const std::string odd("a b\0\r\n*1@example.com", 20);
  fail(odd, "::1", 10);
  EXPECT_EQ(retry_after(odd, "::1"), 900s);
  EXPECT_EQ(retry_after("a b", "::2"), std::nullopt);
  EXPECT_EQ(retry_after(odd.substr(0, 19), "::2"), std::nullopt);
}

INSTANTIATE_TEST_SUITE_P(backends, login_limiter_test, ::testing::ValuesIn(test_support::cache_backends()),
                         [](const ::testing::TestParamInfo<std::string>& backend) { return backend.param; });

}  // namespace
}  // namespace pricewatch
