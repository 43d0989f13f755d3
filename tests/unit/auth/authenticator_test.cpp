// Tests authenticator: a verified token acts only for an account that exists; accounts seen are
// remembered for the I/O thread's check; a gone account is refused once it is found gone.
#include "auth/authenticator.hpp"

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>

namespace pricewatch {
namespace {

// The accounts as a set of ids, counting the reads the authenticator makes.
class account_ids final : public user_store {
 public:
  result<user> create(const std::string&, const std::string&, time_point) override {
    throw std::logic_error("not used");
  }
  std::optional<user> find_by_email(const std::string&) override { throw std::logic_error("not used"); }
  std::optional<user> find_by_id(std::int64_t) override { throw std::logic_error("not used"); }
  bool exists(std::int64_t user_id) override { return ids.contains(user_id); }
  std::optional<time_point> tokens_valid_from(std::int64_t user_id) override {
    ++reads;
    if (!ids.contains(user_id)) return std::nullopt;
    return valid_from;
  }
  bool change_password(std::int64_t, const std::string&, time_point) override { throw std::logic_error("not used"); }
  bool remove(std::int64_t) override { throw std::logic_error("not used"); }
  std::int64_t count() override { return static_cast<std::int64_t>(ids.size()); }
  bool replace_password_hash(std::int64_t, const std::string&, const std::string&) override {
    throw std::logic_error("not used");
  }
  std::vector<imported_user_result> import_users(std::span<const imported_user>) override {
    throw std::logic_error("not used");
  }
  std::int64_t count_not_imported() override { throw std::logic_error("not used"); }

  std::set<std::int64_t> ids;
  time_point valid_from{};
  int reads = 0;
};

class authenticator_test : public ::testing::Test {
 protected:
  manual_clock clock_{time_point(std::chrono::seconds(1'790'000'000))};
  token_service tokens_{token_config{"0123456789abcdef0123456789abcdef"}, clock_};
  account_ids accounts_;
  authenticator callers_{tokens_, accounts_, clock_};
};

TEST_F(authenticator_test, accepts_a_token_of_an_existing_account_and_remembers_it) {
  accounts_.ids.insert(7);
  const auto token = tokens_.issue(7, "a@example.com").token;
  EXPECT_FALSE(callers_.authenticate_known(token).has_value()) << "not seen yet: needs the database";
  const auto caller = callers_.authenticate(token);
  ASSERT_TRUE(caller);
  EXPECT_EQ(caller->user_id, 7);
  EXPECT_TRUE(callers_.authenticate(token));
  EXPECT_EQ(accounts_.reads, 1) << "a known account is not read again";
  const auto known = callers_.authenticate_known(token);
  ASSERT_TRUE(known);
  ASSERT_TRUE(*known);
  EXPECT_EQ((*known)->user_id, 7);
}

TEST_F(authenticator_test, refuses_a_valid_token_whose_account_does_not_exist) {
  const auto caller = callers_.authenticate(tokens_.issue(8, "gone@example.com").token);
  ASSERT_FALSE(caller);
  EXPECT_EQ(caller.error().code, errc::invalid_token);
}

TEST_F(authenticator_test, refuses_a_bad_token_without_reading_the_database) {
  EXPECT_FALSE(callers_.authenticate("not.a.token"));
  const auto known = callers_.authenticate_known("not.a.token");
  ASSERT_TRUE(known);
  EXPECT_FALSE(*known);
  EXPECT_EQ(accounts_.reads, 0);
}

TEST_F(authenticator_test, an_account_found_gone_is_refused_from_then_on) {
  accounts_.ids.insert(7);
  const auto token = tokens_.issue(7, "a@example.com").token;
  ASSERT_TRUE(callers_.authenticate(token));
  EXPECT_TRUE(callers_.still_valid(*callers_.authenticate(token)));
  accounts_.ids.erase(7);
  EXPECT_FALSE(callers_.still_valid(*tokens_.verify(token)));
  EXPECT_FALSE(callers_.authenticate_known(token).has_value());
  EXPECT_FALSE(callers_.authenticate(token));
}

TEST_F(authenticator_test, an_account_is_read_again_a_minute_after_it_was_found) {
  using namespace std::chrono_literals;
  accounts_.ids.insert(7);
  const auto token = tokens_.issue(7, "a@example.com").token;
  ASSERT_TRUE(callers_.authenticate(token));
  clock_.advance(59s);
  EXPECT_TRUE(callers_.authenticate_known(token));
  accounts_.ids.erase(7);  // removed behind this process's back
  clock_.advance(1s);
  EXPECT_FALSE(callers_.authenticate_known(token).has_value());
  EXPECT_FALSE(callers_.authenticate(token));
  EXPECT_EQ(accounts_.reads, 2);
}

TEST_F(authenticator_test, forget_makes_the_next_check_read_the_account_again) {
  accounts_.ids.insert(7);
  const auto token = tokens_.issue(7, "a@example.com").token;
  ASSERT_TRUE(callers_.authenticate(token));
  accounts_.ids.erase(7);
  callers_.forget(7);
  EXPECT_FALSE(callers_.authenticate(token));
}

// A password change moves tokens_valid_from: tokens issued before it are refused once the account
// is read again (at once in this process: forget), those issued from it on are accepted.
TEST_F(authenticator_test, a_token_issued_before_the_accounts_tokens_valid_from_is_refused) {
  using namespace std::chrono_literals;
  accounts_.ids.insert(7);
  const auto before = tokens_.issue(7, "a@example.com").token;
  ASSERT_TRUE(callers_.authenticate(before));
  clock_.advance(10s);
  accounts_.valid_from = clock_.now() + 1s;  // as a change at now sets it
  callers_.forget(7);
  const auto after = tokens_.issue(7, "a@example.com", token_options{"", std::chrono::duration_cast<std::chrono::seconds>(
                                                                            accounts_.valid_from.time_since_epoch())
                                                                            .count()})
                         .token;
  EXPECT_FALSE(callers_.authenticate(before));
  const auto known = callers_.authenticate_known(before);
  ASSERT_TRUE(known);
  EXPECT_FALSE(*known);
  EXPECT_FALSE(callers_.still_valid(*tokens_.verify(before)));
  EXPECT_TRUE(callers_.authenticate(after));
  EXPECT_TRUE(callers_.still_valid(*tokens_.verify(after)));
  EXPECT_FALSE(callers_.authenticate(tokens_.issue(7, "a@example.com").token)) << "issued in the change's second";
}

}  // namespace
}  // namespace pricewatch
