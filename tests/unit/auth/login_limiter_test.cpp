// Tests the memory login limiter: failures per account and per client in fixed windows, driven
// by a manual clock.
#include "auth/login_limiter.hpp"

#include <gtest/gtest.h>

namespace pricewatch {
namespace {

using namespace std::chrono_literals;

class login_limiter_test : public ::testing::Test {
 protected:
  void fail(const std::string& account, const std::string& client, int times) {
    for (int i = 0; i < times; ++i) limiter_.record_failure(account, client);
  }

  manual_clock clock_{time_point(std::chrono::seconds(1'790'000'000))};
  // A client limit below twice the account limit, so that two accounts reach it.
  memory_login_limiter limiter_{login_limits{10, 15, 15min}, clock_};
};

TEST_F(login_limiter_test, the_default_limits_are_those_of_the_design) {
  const login_limits limits;
  EXPECT_EQ(limits.failures_per_account, 10);
  EXPECT_EQ(limits.failures_per_client, 100);
  EXPECT_EQ(limits.window, 900s);
}

TEST_F(login_limiter_test, nine_failures_do_not_block) {
  fail("a@example.com", "10.0.0.1", 9);
  EXPECT_EQ(limiter_.retry_after("a@example.com", "10.0.0.1"), std::nullopt);
}

TEST_F(login_limiter_test, ten_failures_block_the_account_until_the_window_closes) {
  fail("a@example.com", "10.0.0.1", 10);
  const auto wait = limiter_.retry_after("a@example.com", "10.0.0.1");
  ASSERT_TRUE(wait);
  EXPECT_GT(*wait, 0s);
  EXPECT_LE(*wait, 900s);
  EXPECT_EQ(*wait, 900s);
  // From any client.
  EXPECT_EQ(limiter_.retry_after("a@example.com", "10.0.0.2"), 900s);
  clock_.advance(100s);
  EXPECT_EQ(limiter_.retry_after("a@example.com", "10.0.0.1"), 800s);
}

TEST_F(login_limiter_test, the_wait_rounds_up_to_whole_seconds) {
  fail("a@example.com", "10.0.0.1", 10);
  clock_.advance(899s + 500ms);
  EXPECT_EQ(limiter_.retry_after("a@example.com", "10.0.0.1"), 1s);
}

TEST_F(login_limiter_test, the_window_opens_at_the_first_failure) {
  fail("a@example.com", "10.0.0.1", 5);
  clock_.advance(14min);
  fail("a@example.com", "10.0.0.1", 5);
  EXPECT_EQ(limiter_.retry_after("a@example.com", "10.0.0.1"), 60s);
}

TEST_F(login_limiter_test, failures_in_an_old_window_do_not_count) {
  fail("a@example.com", "10.0.0.1", 9);
  clock_.advance(15min);
  fail("a@example.com", "10.0.0.1", 9);
  EXPECT_EQ(limiter_.retry_after("a@example.com", "10.0.0.1"), std::nullopt);
  fail("a@example.com", "10.0.0.1", 1);
  EXPECT_EQ(limiter_.retry_after("a@example.com", "10.0.0.1"), 900s);
}

TEST_F(login_limiter_test, the_window_passing_unblocks) {
  fail("a@example.com", "10.0.0.1", 10);
  clock_.advance(900s);
  EXPECT_EQ(limiter_.retry_after("a@example.com", "10.0.0.1"), std::nullopt);
  fail("a@example.com", "10.0.0.1", 1);
  EXPECT_EQ(limiter_.retry_after("a@example.com", "10.0.0.1"), std::nullopt);
}

TEST_F(login_limiter_test, another_account_from_the_same_client_is_blocked_only_at_the_client_limit) {
  fail("a@example.com", "10.0.0.1", 10);
  EXPECT_EQ(limiter_.retry_after("b@example.com", "10.0.0.1"), std::nullopt);
  fail("b@example.com", "10.0.0.1", 4);
  EXPECT_EQ(limiter_.retry_after("b@example.com", "10.0.0.1"), std::nullopt);
  fail("b@example.com", "10.0.0.1", 1);
  // Fifteen failures from the client: every account is refused there, but not elsewhere.
  EXPECT_EQ(limiter_.retry_after("b@example.com", "10.0.0.1"), 900s);
  EXPECT_EQ(limiter_.retry_after("c@example.com", "10.0.0.1"), 900s);
  EXPECT_EQ(limiter_.retry_after("c@example.com", "10.0.0.2"), std::nullopt);
  EXPECT_EQ(limiter_.retry_after("b@example.com", "10.0.0.2"), std::nullopt);
}

TEST_F(login_limiter_test, the_later_of_two_blocks_is_reported) {
  fail("a@example.com", "10.0.0.1", 10);
  clock_.advance(5min);
  fail("b@example.com", "10.0.0.2", 10);
  fail("a@example.com", "10.0.0.2", 5);
  // The account's window closes in 10 minutes, the client's in 15.
  EXPECT_EQ(limiter_.retry_after("a@example.com", "10.0.0.2"), 900s);
  EXPECT_EQ(limiter_.retry_after("a@example.com", "10.0.0.3"), 600s);
}

TEST_F(login_limiter_test, a_success_clears_the_account) {
  fail("a@example.com", "10.0.0.1", 10);
  limiter_.record_success("a@example.com");
  EXPECT_EQ(limiter_.retry_after("a@example.com", "10.0.0.1"), std::nullopt);
  fail("a@example.com", "10.0.0.1", 9);
  EXPECT_EQ(limiter_.retry_after("a@example.com", "10.0.0.2"), std::nullopt);
}

TEST_F(login_limiter_test, a_success_does_not_clear_the_client) {
  fail("a@example.com", "10.0.0.1", 10);
  fail("b@example.com", "10.0.0.1", 5);
  limiter_.record_success("a@example.com");
  EXPECT_EQ(limiter_.retry_after("a@example.com", "10.0.0.1"), 900s);
  EXPECT_EQ(limiter_.retry_after("a@example.com", "10.0.0.2"), std::nullopt);
}

}  // namespace
}  // namespace pricewatch
