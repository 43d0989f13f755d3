// Tests session_service, the refresh token families of issue 16, on a store kept in memory, a
// manual clock and a counting random source: rotation on every use, reuse revoking the whole
// family (and only it), expiry, logging out, a password change keeping one family.
#include "auth/session_service.hpp"

#include "auth/token_hash.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace pricewatch {
namespace {

// The table as a vector, with the store's conditions.
class memory_sessions final : public session_store {
 public:
  void add_refresh_token(const refresh_token_record& token) override { rows.push_back(token); }
  std::optional<refresh_token_record> find_refresh_token(const std::string& token_hash) override {
    const auto found = std::find_if(rows.begin(), rows.end(), [&](const auto& row) { return row.token_hash == token_hash; });
    if (found == rows.end()) return std::nullopt;
    return *found;
  }
  bool rotate_refresh_token(const std::string& token_hash, time_point now,
                            const refresh_token_record& successor) override {
    for (auto& row : rows) {
      if (row.token_hash != token_hash) continue;
      if (row.used_at || row.revoked_at || lose_next_rotation) {
        lose_next_rotation = false;
        return false;
      }
      row.used_at = now;
      rows.push_back(successor);
      return true;
    }
    return false;
  }
  void revoke_family(const std::string& family, time_point now) override {
    for (auto& row : rows) {
      if (row.family == family && !row.revoked_at) row.revoked_at = now;
    }
  }
  void revoke_user_sessions(std::int64_t user_id, const std::string& keep_family, time_point now) override {
    for (auto& row : rows) {
      if (row.user_id == user_id && row.family != keep_family && !row.revoked_at) row.revoked_at = now;
    }
  }
  void remove_expired(std::int64_t user_id, time_point now) override {
    std::erase_if(rows, [&](const auto& row) { return row.user_id == user_id && row.expires_at < now; });
  }
  void add_password_reset(std::int64_t, const std::string&, time_point, time_point) override {}
  std::optional<std::int64_t> use_password_reset(const std::string&, time_point) override { return std::nullopt; }

  std::vector<refresh_token_record> rows;
  bool lose_next_rotation = false;  // as if a concurrent refresh with the same token came first
};

class counting_random final : public random_source {
 public:
  double uniform() override { return 0.5; }
  std::uint64_t bits() override { return ++calls; }
  std::uint64_t calls = 0;
};

class session_service_test : public ::testing::Test {
 protected:
  memory_sessions store_;
  counting_random random_;
  manual_clock clock_{time_point(std::chrono::seconds(1'790'000'000))};
  session_service sessions_{store_, random_, clock_, session_settings{std::chrono::hours(24)}};

  bool revoked(const std::string& token) {
    const auto row = store_.find_refresh_token(token_hash(token));
    return row && row->revoked_at.has_value();
  }
};

TEST_F(session_service_test, a_login_starts_a_family_whose_token_is_random_and_stored_only_as_its_hash) {
  const auto grant = sessions_.start(7);
  EXPECT_EQ(grant.user_id, 7);
  EXPECT_EQ(grant.token, "0000000000000003000000000000000400000000000000050000000000000006") << "4 x 64 random bits";
  EXPECT_EQ(grant.family, "00000000000000010000000000000002");
  EXPECT_EQ(grant.expires_in, std::chrono::hours(24));
  ASSERT_EQ(store_.rows.size(), 1u);
  EXPECT_EQ(store_.rows[0].token_hash, token_hash(grant.token));
  EXPECT_NE(store_.rows[0].token_hash, grant.token);
  EXPECT_EQ(store_.rows[0].token_hash.size(), 64u);
  EXPECT_EQ(store_.rows[0].expires_at, clock_.now() + std::chrono::hours(24));
}

TEST_F(session_service_test, each_refresh_rotates_the_token_within_the_family) {
  const auto first = sessions_.start(7);
  clock_.advance(std::chrono::minutes(25));
  const auto second = sessions_.refresh(first.token);
  ASSERT_TRUE(second);
  EXPECT_NE(second->token, first.token);
  EXPECT_EQ(second->family, first.family);
  EXPECT_EQ(second->user_id, 7);
  const auto third = sessions_.refresh(second->token);
  ASSERT_TRUE(third);
  EXPECT_EQ(third->family, first.family);
  EXPECT_EQ(store_.find_refresh_token(token_hash(second->token))->used_at, clock_.now());
  EXPECT_EQ(store_.find_refresh_token(token_hash(third->token))->expires_at, clock_.now() + std::chrono::hours(24))
      << "each token lasts its lifetime from its own issue";
}

TEST_F(session_service_test, reusing_a_used_token_revokes_the_whole_family_and_no_other) {
  const auto first = sessions_.start(7);
  const auto other_device = sessions_.start(7);
  const auto second = sessions_.refresh(first.token);
  ASSERT_TRUE(second);
  const auto replayed = sessions_.refresh(first.token);
  ASSERT_FALSE(replayed);
  EXPECT_EQ(replayed.error().code, errc::invalid_token);
  EXPECT_TRUE(revoked(first.token));
  EXPECT_TRUE(revoked(second->token));
  EXPECT_FALSE(sessions_.refresh(second->token)) << "the newest token of the family is dead too";
  EXPECT_FALSE(revoked(other_device.token));
  EXPECT_TRUE(sessions_.refresh(other_device.token)) << "another login's family goes on";
}

TEST_F(session_service_test, losing_a_race_with_the_same_token_counts_as_reuse) {
  const auto first = sessions_.start(7);
  store_.lose_next_rotation = true;
  EXPECT_FALSE(sessions_.refresh(first.token));
  EXPECT_TRUE(revoked(first.token));
}

TEST_F(session_service_test, an_expired_token_is_refused_and_one_just_before_expiry_is_not) {
  const auto first = sessions_.start(7);
  clock_.advance(std::chrono::hours(24) - std::chrono::milliseconds(1));
  const auto second = sessions_.refresh(first.token);
  ASSERT_TRUE(second);
  clock_.advance(std::chrono::hours(24));
  const auto late = sessions_.refresh(second->token);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, errc::invalid_token);
  EXPECT_FALSE(revoked(second->token)) << "expiry is not reuse";
}

TEST_F(session_service_test, unknown_empty_and_huge_tokens_are_refused_alike) {
  sessions_.start(7);
  for (const std::string& token : {std::string(), std::string("nope"), std::string(5000, 'a')}) {
    const auto refused = sessions_.refresh(token);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, errc::invalid_token);
    EXPECT_EQ(refused.error().message, invalid_refresh_failure().message);
  }
}

TEST_F(session_service_test, logging_out_ends_the_family) {
  const auto first = sessions_.start(7);
  const auto second = sessions_.refresh(first.token);
  ASSERT_TRUE(second);
  sessions_.end(second->token);
  EXPECT_FALSE(sessions_.refresh(second->token));
  sessions_.end("unknown");  // nothing to end: no failure
}

TEST_F(session_service_test, ending_all_but_one_family_keeps_that_one) {
  const auto kept = sessions_.start(7);
  const auto ended = sessions_.start(7);
  const auto neighbour = sessions_.start(8);
  sessions_.end_all_but(7, kept.family);
  EXPECT_TRUE(sessions_.refresh(kept.token));
  EXPECT_FALSE(sessions_.refresh(ended.token));
  EXPECT_TRUE(sessions_.refresh(neighbour.token));
  sessions_.end_all_but(8, "");
  EXPECT_TRUE(revoked(neighbour.token));
}

TEST_F(session_service_test, a_login_removes_the_accounts_expired_tokens) {
  sessions_.start(7);
  sessions_.start(8);
  clock_.advance(std::chrono::hours(25));
  sessions_.start(7);
  EXPECT_EQ(std::count_if(store_.rows.begin(), store_.rows.end(), [](const auto& row) { return row.user_id == 7; }), 1);
  EXPECT_EQ(std::count_if(store_.rows.begin(), store_.rows.end(), [](const auto& row) { return row.user_id == 8; }), 1);
}

TEST(token_hash_test, is_the_hex_sha256_of_the_text) {
  EXPECT_EQ(token_hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(token_hash(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

}  // namespace
}  // namespace pricewatch
