// Tests the SOCI session store and the account lifecycle's queries on every backend (SQLite,
// PostgreSQL, MariaDB): refresh tokens found by hash, rotated once, revoked by family and by
// account; reset links used once and not after expiry; a password change moving
// tokens_valid_from; and an account removed with every row of it, others' rows untouched.
#include "storage/soci/soci_session_store.hpp"

#include "storage/database.hpp"
#include "scratch_database.hpp"

#include <gtest/gtest.h>
#include <soci/soci.h>

namespace pricewatch {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;

class soci_session_store_test : public ::testing::TestWithParam<std::string> {
 protected:
  soci_session_store_test() { database_->migrate(); }

  session_store& sessions() { return database_->sessions(); }
  user_store& users() { return database_->users(); }

  std::int64_t make_user(const std::string& email) { return users().create(email, "hash", now_).value().id; }

  refresh_token_record token(std::int64_t user_id, const std::string& family, const std::string& hash) {
    return refresh_token_record{user_id, family, hash, now_, now_ + hours(24), {}, {}};
  }

  // Rows of a table that belong to the account, read under the stores.
  long long rows_of(const std::string& table, const std::string& column, std::int64_t user_id) {
    soci::session sql;
    storage::resolve_database_url(scratch_.url()).connect(sql);
    long long count = 0;
    long long id = user_id;
    sql << "SELECT COUNT(*) FROM " + table + " WHERE " + column + " = :id", soci::use(id), soci::into(count);
    return count;
  }

  test_support::scratch_database scratch_{GetParam()};
  std::unique_ptr<database> database_ = make_database(database_config{scratch_.url(), 2});
  const time_point now_ = time_point(milliseconds(1'790'000'000'123));
};

TEST_P(soci_session_store_test, a_stored_token_is_found_by_its_hash_with_every_field) {
  const auto user = make_user("a@example.com");
  sessions().add_refresh_token(token(user, "family-1", "hash-1"));
  const auto found = sessions().find_refresh_token("hash-1");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->user_id, user);
  EXPECT_EQ(found->family, "family-1");
  EXPECT_EQ(found->token_hash, "hash-1");
  EXPECT_EQ(found->created_at, now_);
  EXPECT_EQ(found->expires_at, now_ + hours(24));
  EXPECT_FALSE(found->used_at);
  EXPECT_FALSE(found->revoked_at);
  EXPECT_FALSE(sessions().find_refresh_token("hash-2"));
}

TEST_P(soci_session_store_test, a_token_rotates_once_and_its_successor_joins_the_family) {
  const auto user = make_user("a@example.com");
  sessions().add_refresh_token(token(user, "family-1", "hash-1"));
  const auto later = now_ + hours(1);
  EXPECT_TRUE(sessions().rotate_refresh_token("hash-1", later, token(user, "family-1", "hash-2")));
  EXPECT_EQ(sessions().find_refresh_token("hash-1")->used_at, later);
  ASSERT_TRUE(sessions().find_refresh_token("hash-2"));
  EXPECT_FALSE(sessions().rotate_refresh_token("hash-1", later, token(user, "family-1", "hash-3")))
      << "a used token does not rotate again";
  EXPECT_FALSE(sessions().find_refresh_token("hash-3")) << "and its would-be successor is not stored";
  EXPECT_FALSE(sessions().rotate_refresh_token("unknown", later, token(user, "family-1", "hash-4")));
}

TEST_P(soci_session_store_test, revoking_a_family_revokes_its_tokens_only) {
  const auto user = make_user("a@example.com");
  sessions().add_refresh_token(token(user, "family-1", "hash-1"));
  sessions().add_refresh_token(token(user, "family-1", "hash-2"));
  sessions().add_refresh_token(token(user, "family-2", "hash-3"));
  sessions().revoke_family("family-1", now_ + hours(2));
  EXPECT_EQ(sessions().find_refresh_token("hash-1")->revoked_at, now_ + hours(2));
  EXPECT_EQ(sessions().find_refresh_token("hash-2")->revoked_at, now_ + hours(2));
  EXPECT_FALSE(sessions().find_refresh_token("hash-3")->revoked_at);
  EXPECT_FALSE(sessions().rotate_refresh_token("hash-2", now_, token(user, "family-1", "hash-9")))
      << "a revoked token does not rotate";
  sessions().revoke_family("family-1", now_ + hours(3));
  EXPECT_EQ(sessions().find_refresh_token("hash-1")->revoked_at, now_ + hours(2)) << "the first revocation stands";
}

TEST_P(soci_session_store_test, revoking_an_accounts_sessions_keeps_one_family_and_other_accounts) {
  const auto alice = make_user("a@example.com");
  const auto bob = make_user("b@example.com");
  sessions().add_refresh_token(token(alice, "kept", "hash-1"));
  sessions().add_refresh_token(token(alice, "ended", "hash-2"));
  sessions().add_refresh_token(token(bob, "bobs", "hash-3"));
  sessions().revoke_user_sessions(alice, "kept", now_);
  EXPECT_FALSE(sessions().find_refresh_token("hash-1")->revoked_at);
  EXPECT_TRUE(sessions().find_refresh_token("hash-2")->revoked_at);
  EXPECT_FALSE(sessions().find_refresh_token("hash-3")->revoked_at);
  sessions().revoke_user_sessions(alice, "", now_);
  EXPECT_TRUE(sessions().find_refresh_token("hash-1")->revoked_at);
}

TEST_P(soci_session_store_test, a_reset_link_is_used_once_and_never_after_it_expired) {
  const auto user = make_user("a@example.com");
  sessions().add_password_reset(user, "link-1", now_, now_ + hours(1));
  sessions().add_password_reset(user, "link-2", now_, now_ + hours(1));
  EXPECT_EQ(sessions().use_password_reset("link-1", now_ + milliseconds(10)), user);
  EXPECT_FALSE(sessions().use_password_reset("link-1", now_ + milliseconds(20))) << "single use";
  EXPECT_FALSE(sessions().use_password_reset("link-2", now_ + hours(1))) << "expired at its expiry";
  EXPECT_FALSE(sessions().use_password_reset("unknown", now_));
}

TEST_P(soci_session_store_test, expired_rows_of_one_account_are_removed) {
  const auto alice = make_user("a@example.com");
  const auto bob = make_user("b@example.com");
  sessions().add_refresh_token(token(alice, "f", "hash-1"));
  sessions().add_refresh_token(token(bob, "g", "hash-2"));
  sessions().add_password_reset(alice, "link-1", now_, now_ + hours(1));
  sessions().remove_expired(alice, now_ + hours(25));
  EXPECT_FALSE(sessions().find_refresh_token("hash-1"));
  EXPECT_TRUE(sessions().find_refresh_token("hash-2"));
  EXPECT_EQ(rows_of("password_resets", "user_id", alice), 0);
}

TEST_P(soci_session_store_test, a_password_change_moves_tokens_valid_from) {
  const auto user = make_user("a@example.com");
  EXPECT_EQ(users().tokens_valid_from(user), time_point());
  EXPECT_TRUE(users().change_password(user, "new hash", now_));
  EXPECT_EQ(users().tokens_valid_from(user), now_);
  EXPECT_EQ(users().find_by_id(user)->password_hash, "new hash");
  EXPECT_EQ(users().find_by_id(user)->email, "a@example.com");
  EXPECT_FALSE(users().tokens_valid_from(user + 1000));
  EXPECT_FALSE(users().change_password(user + 1000, "x", now_));
  EXPECT_FALSE(users().find_by_id(user + 1000));
}

TEST_P(soci_session_store_test, removing_an_account_removes_every_row_of_it_and_nothing_of_others) {
  const auto alice = make_user("a@example.com");
  const auto bob = make_user("b@example.com");
  for (const auto user : {alice, bob}) {
    const std::string tag = std::to_string(user);
    sessions().add_refresh_token(token(user, "family-" + tag, "hash-" + tag));
    sessions().add_password_reset(user, "link-" + tag, now_, now_ + hours(1));
    alert_request request;
    request.symbol = "BTCUSDT";
    request.target = *price::parse("51000");
    request.channels = database_->channels().default_channels(user);
    const auto created = database_->alerts().create(user, request, now_);
    const firing fired{created.id, *price::parse("51001"), now_};
    database_->alerts().fire(std::span<const firing>(&fired, 1), now_);
  }
  ASSERT_EQ(rows_of("firings", "user_id", alice), 1);
  ASSERT_EQ(rows_of("notifications", "user_id", alice), 1);
  ASSERT_EQ(rows_of("alert_channels", "1", 1), 2) << "one channel choice per alert";
  EXPECT_TRUE(users().remove(alice));
  EXPECT_EQ(rows_of("alert_channels", "1", 1), 1) << "bob's alone";
  for (const auto& [table, column] : std::vector<std::pair<std::string, std::string>>{
           {"users", "id"}, {"alerts", "user_id"}, {"firings", "user_id"}, {"notifications", "user_id"},
           {"channels", "user_id"}, {"refresh_tokens", "user_id"}, {"password_resets", "user_id"}}) {
    EXPECT_EQ(rows_of(table, column, alice), 0) << table;
    EXPECT_GE(rows_of(table, column, bob), 1) << table;
  }
  EXPECT_FALSE(users().remove(alice)) << "gone already";
  EXPECT_TRUE(users().find_by_email("b@example.com"));
}

INSTANTIATE_TEST_SUITE_P(backends, soci_session_store_test, ::testing::ValuesIn(test_support::database_backends()),
                         test_support::backend_name);

}  // namespace
}  // namespace pricewatch
