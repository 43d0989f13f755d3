// Tests account_service against the SQLite user store: registering, logging in, the limit on
// failed logins, and accounts imported from the original with their Django password hashes.
#include "auth/account_service.hpp"

#include "storage/database.hpp"
#include "temp_directory.hpp"

#include <gtest/gtest.h>

namespace pricewatch {
namespace {

using namespace std::chrono_literals;

const std::string password = "correct horse";

class account_service_test : public ::testing::Test {
 protected:
  account_service_test() { database_->migrate(); }

  result<issued_token> log_in(std::string_view email, std::string_view given, const std::string& client = "10.0.0.1") {
    return accounts_.log_in(email, given, client);
  }

  test_support::temp_directory directory_;
  std::unique_ptr<database> database_ = make_database(database_config{directory_.sqlite_url(), 2});
  manual_clock clock_{time_point(std::chrono::seconds(1'790'000'000))};
  // libsodium's minimum Argon2id cost keeps each hash to well under a millisecond.
  password_hasher hasher_{password_cost{1, 8 * 1024}};
  token_service tokens_{token_config{"0123456789abcdef0123456789abcdef"}, clock_};
  memory_login_limiter limiter_{login_limits{}, clock_};
  account_service accounts_{database_->users(), hasher_, tokens_, limiter_, clock_};
};

TEST_F(account_service_test, register_stores_the_normalised_email_and_a_hash) {
  const auto registered = accounts_.register_user("Bob@Example.COM", password);
  ASSERT_TRUE(registered) << registered.error().message;
  EXPECT_EQ(registered->email, "Bob@example.com");
  EXPECT_EQ(registered->created_at, clock_.now());

  const auto stored = database_->users().find_by_email("bob@example.com");
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->id, registered->id);
  EXPECT_EQ(stored->email, "Bob@example.com");
  EXPECT_TRUE(stored->password_hash.starts_with("$argon2id$"));
  EXPECT_EQ(stored->password_hash.find(password), std::string::npos);
  EXPECT_TRUE(hasher_.verify(stored->password_hash, password));
}

TEST_F(account_service_test, registering_a_taken_email_is_a_conflict) {
  ASSERT_TRUE(accounts_.register_user("bob@example.com", password));
  const auto again = accounts_.register_user("BOB@EXAMPLE.COM", "another password");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, errc::conflict);
  EXPECT_EQ(again.error().message, "Email already registered");
  EXPECT_EQ(database_->users().count(), 1);
}

TEST_F(account_service_test, registering_a_bad_email_or_password_fails_validation) {
  const auto short_password = accounts_.register_user("bob@example.com", "short");
  ASSERT_FALSE(short_password);
  EXPECT_EQ(short_password.error().code, errc::validation_failed);
  EXPECT_EQ(short_password.error().message, "Password must have 8 to 256 characters.");

  const auto bad_email = accounts_.register_user("nope", password);
  ASSERT_FALSE(bad_email);
  EXPECT_EQ(bad_email.error().code, errc::validation_failed);
  EXPECT_EQ(bad_email.error().message, "Enter a valid email address.");

  EXPECT_EQ(database_->users().count(), 0);
}

TEST_F(account_service_test, log_in_returns_a_token_for_the_account) {
  const auto registered = accounts_.register_user("Bob@example.com", password);
  ASSERT_TRUE(registered);
  const auto issued = log_in("Bob@example.com", password);
  ASSERT_TRUE(issued) << issued.error().message;
  EXPECT_EQ(issued->expires_in, 1800s);
  const auto claims = tokens_.verify(issued->token);
  ASSERT_TRUE(claims);
  EXPECT_EQ(claims->user_id, registered->id);
  EXPECT_EQ(claims->email, "Bob@example.com");
}

TEST_F(account_service_test, log_in_ignores_the_case_of_the_email) {
  ASSERT_TRUE(accounts_.register_user("bob@example.com", password));
  const auto issued = log_in("BOB@Example.com", password);
  ASSERT_TRUE(issued) << issued.error().message;
  EXPECT_EQ(tokens_.verify(issued->token)->email, "bob@example.com");
}

TEST_F(account_service_test, a_wrong_password_and_an_unknown_email_answer_alike) {
  ASSERT_TRUE(accounts_.register_user("bob@example.com", password));
  for (const auto& [email, given] : {std::pair{"bob@example.com", "wrong password"},
                                     std::pair{"alice@example.com", "correct horse"},
                                     std::pair{"not an email", "correct horse"}}) {
    const auto issued = log_in(email, given);
    ASSERT_FALSE(issued) << email;
    EXPECT_EQ(issued.error().code, errc::invalid_credentials) << email;
    EXPECT_EQ(issued.error().message, "Invalid credentials") << email;
  }
}

TEST_F(account_service_test, ten_failures_block_even_the_right_password) {
  ASSERT_TRUE(accounts_.register_user("bob@example.com", password));
  for (int i = 0; i < 10; ++i) {
    const auto issued = log_in(i % 2 == 0 ? "bob@example.com" : "BOB@EXAMPLE.COM", "wrong password");
    ASSERT_FALSE(issued);
    EXPECT_EQ(issued.error().code, errc::invalid_credentials) << i;
  }
  const auto limited = log_in("bob@example.com", password, "10.0.0.2");
  ASSERT_FALSE(limited);
  EXPECT_EQ(limited.error().code, errc::rate_limited);
  EXPECT_GT(limited.error().retry_after_seconds, 0);
  EXPECT_LE(limited.error().retry_after_seconds, 900);

  clock_.advance(15min);
  EXPECT_TRUE(log_in("bob@example.com", password)) << "the window has passed";
}

TEST_F(account_service_test, a_blocked_account_does_not_block_another) {
  ASSERT_TRUE(accounts_.register_user("bob@example.com", password));
  ASSERT_TRUE(accounts_.register_user("alice@example.com", password));
  for (int i = 0; i < 10; ++i) ASSERT_FALSE(log_in("bob@example.com", "wrong password"));
  EXPECT_TRUE(log_in("alice@example.com", password));
}

TEST_F(account_service_test, a_successful_log_in_resets_the_count) {
  ASSERT_TRUE(accounts_.register_user("bob@example.com", password));
  for (int i = 0; i < 9; ++i) ASSERT_FALSE(log_in("bob@example.com", "wrong password"));
  ASSERT_TRUE(log_in("bob@example.com", password));
  for (int i = 0; i < 9; ++i) ASSERT_FALSE(log_in("bob@example.com", "wrong password"));
  EXPECT_TRUE(log_in("bob@example.com", password));
}

// hashlib.pbkdf2_hmac('sha256', b'correct horse battery', b'seasalt0123456789abcd', 1000), pinned.
const std::string django_hash = "pbkdf2_sha256$1000$seasalt0123456789abcd$HY62XieXM90MMTi5ATfPxiZ8Bhvfx2LAiP5A5cP2kdE=";
const std::string django_password = "correct horse battery";

class imported_account_test : public account_service_test {
 protected:
  // An account as import-original stores it.
  std::int64_t import_account(const std::string& email, const std::string& hash) {
    const imported_user account{email, hash, clock_.now()};
    const auto results = database_->users().import_users(std::span(&account, 1));
    EXPECT_EQ(results.at(0).outcome, import_outcome::stored);
    return results.at(0).user_id;
  }
  std::string stored_hash(const std::string& email) { return database_->users().find_by_email(email)->password_hash; }
};

TEST_F(imported_account_test, logs_in_with_the_original_password_and_the_hash_becomes_argon2id) {
  const auto id = import_account("Bob@example.com", django_hash);
  const auto issued = log_in("bob@example.com", django_password);
  ASSERT_TRUE(issued) << issued.error().message;
  EXPECT_EQ(tokens_.verify(issued->token)->user_id, id);
  const auto upgraded = stored_hash("bob@example.com");
  EXPECT_TRUE(upgraded.starts_with("$argon2id$")) << upgraded;
  EXPECT_TRUE(hasher_.verify(upgraded, django_password));

  // The same password still works, now against Argon2id; a wrong one does not.
  EXPECT_TRUE(log_in("Bob@example.com", django_password));
  EXPECT_EQ(stored_hash("bob@example.com"), upgraded) << "hashed once, not at every login";
  const auto wrong = log_in("bob@example.com", "correct horse batter");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, errc::invalid_credentials);
}

TEST_F(imported_account_test, a_wrong_password_keeps_the_django_hash_and_counts_as_a_failure) {
  import_account("bob@example.com", django_hash);
  for (int i = 0; i < 10; ++i) {
    const auto issued = log_in("bob@example.com", "wrong password");
    ASSERT_FALSE(issued);
    EXPECT_EQ(issued.error().code, errc::invalid_credentials);
  }
  EXPECT_EQ(stored_hash("bob@example.com"), django_hash);
  const auto limited = log_in("bob@example.com", django_password);
  ASSERT_FALSE(limited);
  EXPECT_EQ(limited.error().code, errc::rate_limited);
}

TEST_F(imported_account_test, an_account_without_a_usable_password_cannot_log_in_and_answers_as_an_unknown_email) {
  import_account("carol@example.com", "!");
  for (const std::string& given : {std::string("!"), std::string(), django_password}) {
    const auto issued = log_in("carol@example.com", given);
    ASSERT_FALSE(issued) << given;
    EXPECT_EQ(issued.error().code, errc::invalid_credentials);
    EXPECT_EQ(issued.error().message, "Invalid credentials");
  }
  EXPECT_EQ(stored_hash("carol@example.com"), "!");
}

TEST_F(imported_account_test, registering_an_imported_email_again_is_a_conflict) {
  import_account("bob@example.com", django_hash);
  const auto again = accounts_.register_user("BOB@example.com", password);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, errc::conflict);
  EXPECT_EQ(stored_hash("bob@example.com"), django_hash);
}

}  // namespace
}  // namespace pricewatch
