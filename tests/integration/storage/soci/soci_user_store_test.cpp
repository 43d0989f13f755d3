// Tests the SOCI user store on every backend (SQLite, PostgreSQL, MariaDB): creating accounts, case-insensitive emails, counting,
// importing the original's accounts, replacing a password hash.
#include "storage/soci/soci_user_store.hpp"

#include "storage/database.hpp"
#include "scratch_database.hpp"

#include <gtest/gtest.h>

namespace pricewatch {
namespace {

class soci_user_store_test : public ::testing::TestWithParam<std::string> {
 protected:
  soci_user_store_test() { database_->migrate(); }

  user_store& users() { return database_->users(); }

  test_support::scratch_database scratch_{GetParam()};
  std::unique_ptr<database> database_ = make_database(database_config{scratch_.url(), 2});
  const time_point now_ = time_point(std::chrono::milliseconds(1'790'000'000'123));
};

TEST_P(soci_user_store_test, create_then_find_returns_the_account) {
  const auto created = users().create("Bob@example.com", "$argon2id$hash", now_);
  ASSERT_TRUE(created);
  EXPECT_GT(created->id, 0);
  EXPECT_EQ(created->email, "Bob@example.com");
  EXPECT_EQ(created->password_hash, "$argon2id$hash");
  EXPECT_EQ(created->created_at, now_);

  const auto found = users().find_by_email("Bob@example.com");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, created->id);
  EXPECT_EQ(found->email, "Bob@example.com");
  EXPECT_EQ(found->password_hash, "$argon2id$hash");
  EXPECT_EQ(found->created_at, now_);
}

TEST_P(soci_user_store_test, find_ignores_case_and_keeps_the_registered_spelling) {
  const auto created = users().create("Bob@example.com", "hash", now_);
  ASSERT_TRUE(created);
  for (const std::string email : {"bob@example.com", "BOB@EXAMPLE.COM", "bOb@Example.Com"}) {
    const auto found = users().find_by_email(email);
    ASSERT_TRUE(found) << email;
    EXPECT_EQ(found->id, created->id);
    EXPECT_EQ(found->email, "Bob@example.com");
  }
}

TEST_P(soci_user_store_test, find_of_an_unknown_email_is_empty) {
  ASSERT_TRUE(users().create("bob@example.com", "hash", now_));
  EXPECT_EQ(users().find_by_email("alice@example.com"), std::nullopt);
  EXPECT_EQ(users().find_by_email(""), std::nullopt);
}

TEST_P(soci_user_store_test, a_duplicate_email_in_another_case_is_a_conflict) {
  const auto first = users().create("bob@example.com", "hash", now_);
  ASSERT_TRUE(first);
  const auto second = users().create("BOB@example.com", "other hash", now_);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, errc::conflict);
  EXPECT_EQ(second.error().message, "Email already registered");
  EXPECT_EQ(users().count(), 1);
  EXPECT_EQ(users().find_by_email("bob@example.com")->password_hash, "hash");
}

TEST_P(soci_user_store_test, count_counts_accounts) {
  EXPECT_EQ(users().count(), 0);
  ASSERT_TRUE(users().create("a@example.com", "hash", now_));
  ASSERT_TRUE(users().create("b@example.com", "hash", now_));
  EXPECT_EQ(users().count(), 2);
  EXPECT_FALSE(users().create("A@example.com", "hash", now_));
  EXPECT_EQ(users().count(), 2);
}

TEST_P(soci_user_store_test, ids_are_distinct) {
  const auto first = users().create("a@example.com", "hash", now_);
  const auto second = users().create("b@example.com", "hash", now_);
  ASSERT_TRUE(first && second);
  EXPECT_NE(first->id, second->id);
}

TEST_P(soci_user_store_test, exists_is_true_only_for_a_stored_account) {
  const auto created = users().create("a@example.com", "hash", now_);
  ASSERT_TRUE(created);
  EXPECT_TRUE(users().exists(created->id));
  EXPECT_FALSE(users().exists(created->id + 1));
  EXPECT_FALSE(users().exists(0));
}

const std::string django_hash = "pbkdf2_sha256$1000$seasalt0123456789abcd$HY62XieXM90MMTi5ATfPxiZ8Bhvfx2LAiP5A5cP2kdE=";

TEST_P(soci_user_store_test, import_stores_accounts_with_their_hashes_and_join_dates) {
  const time_point joined = now_ - std::chrono::hours(24 * 400);
  const imported_user batch[] = {{"alice@example.com", django_hash, joined}, {"Carol@example.com", "!", now_}};
  const auto results = users().import_users(batch);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].outcome, import_outcome::stored);
  EXPECT_EQ(results[1].outcome, import_outcome::stored);
  EXPECT_NE(results[0].user_id, results[1].user_id);
  const auto alice = users().find_by_email("ALICE@example.com");
  ASSERT_TRUE(alice);
  EXPECT_EQ(alice->id, results[0].user_id);
  EXPECT_EQ(alice->password_hash, django_hash);
  EXPECT_EQ(alice->created_at, joined);
  EXPECT_EQ(users().find_by_email("carol@example.com")->email, "Carol@example.com");
  EXPECT_EQ(users().count(), 2);
  EXPECT_EQ(users().count_not_imported(), 0);
  EXPECT_TRUE(users().import_users({}).empty());
}

TEST_P(soci_user_store_test, import_leaves_an_email_already_held_and_names_its_account) {
  const imported_user first[] = {{"alice@example.com", django_hash, now_}};
  const auto alice = users().import_users(first).at(0).user_id;
  const auto bob = users().create("bob@example.com", "$argon2id$bobs", now_);
  ASSERT_TRUE(bob);
  const imported_user again[] = {{"Alice@example.com", "!", now_}, {"BOB@example.com", django_hash, now_},
                                 {"dave@example.com", django_hash, now_}};
  const auto results = users().import_users(again);
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0].outcome, import_outcome::already_imported);
  EXPECT_EQ(results[0].user_id, alice);
  EXPECT_EQ(results[1].outcome, import_outcome::taken);
  EXPECT_EQ(results[1].user_id, bob->id);
  EXPECT_EQ(results[2].outcome, import_outcome::stored);
  EXPECT_EQ(users().find_by_email("alice@example.com")->password_hash, django_hash);
  EXPECT_EQ(users().find_by_email("bob@example.com")->password_hash, "$argon2id$bobs");
  EXPECT_EQ(users().count(), 3);
  EXPECT_EQ(users().count_not_imported(), 1);
}

TEST_P(soci_user_store_test, replace_password_hash_only_replaces_the_expected_hash) {
  const imported_user batch[] = {{"alice@example.com", django_hash, now_}};
  const auto id = users().import_users(batch).at(0).user_id;
  EXPECT_FALSE(users().replace_password_hash(id, "pbkdf2_sha256$1$other$hash", "$argon2id$late"));
  EXPECT_EQ(users().find_by_email("alice@example.com")->password_hash, django_hash);
  EXPECT_TRUE(users().replace_password_hash(id, django_hash, "$argon2id$new"));
  EXPECT_EQ(users().find_by_email("alice@example.com")->password_hash, "$argon2id$new");
  EXPECT_FALSE(users().replace_password_hash(id, django_hash, "$argon2id$second")) << "a concurrent upgrade stands";
  EXPECT_FALSE(users().replace_password_hash(id + 1, "$argon2id$new", "x"));
  EXPECT_EQ(users().find_by_email("alice@example.com")->password_hash, "$argon2id$new");
}

INSTANTIATE_TEST_SUITE_P(backends, soci_user_store_test, ::testing::ValuesIn(test_support::database_backends()),
                         test_support::backend_name);

}  // namespace
}  // namespace pricewatch
