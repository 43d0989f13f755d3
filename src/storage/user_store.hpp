// Accounts in the database. Implementations are shared by all request threads.
#pragma once

#include "core/clock.hpp"
#include "core/failure.hpp"
#include "storage/imported_rows.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace pricewatch {

struct user {
  std::int64_t id = 0;
  std::string email;          // as registered, domain lower-cased
  // Argon2id, libsodium's encoded form; for an account imported from the original, its Django
  // pbkdf2_sha256 hash until the first login, or "!" when it has none that can verify.
  std::string password_hash;
  time_point created_at;
};

// What became of one imported account, and the id of the account now holding its email.
struct imported_user_result {
  import_outcome outcome = import_outcome::stored;
  std::int64_t user_id = 0;
};

class user_store {
 public:
  virtual ~user_store() = default;

  // Stores a new account. conflict when the email is taken, compared case-insensitively.
  // Throws backend_error when the database fails.
  virtual result<user> create(const std::string& email, const std::string& password_hash, time_point now) = 0;

  // The account with this email, compared case-insensitively. Throws backend_error.
  virtual std::optional<user> find_by_email(const std::string& email) = 0;

  // The account with this id. Throws backend_error.
  virtual std::optional<user> find_by_id(std::int64_t user_id) = 0;

  // Whether the account still exists. Throws backend_error.
  virtual bool exists(std::int64_t user_id) = 0;

  // When the account's access tokens start to count: a token issued before it is refused (a
  // password change moves it); nullopt when there is no such account. Throws backend_error.
  virtual std::optional<time_point> tokens_valid_from(std::int64_t user_id) = 0;

  // Replaces the account's password hash and moves tokens_valid_from; false when there is no such
  // account. Throws backend_error.
  virtual bool change_password(std::int64_t user_id, const std::string& password_hash, time_point tokens_valid_from) = 0;

  // Removes the account and everything of it from every table (alerts, their firings and channel
  // choices, notifications, channels, refresh tokens, reset links), in one transaction; false when
  // there is no such account. Throws backend_error.
  virtual bool remove(std::int64_t user_id) = 0;

  // Throws backend_error.
  virtual std::int64_t count() = 0;

  // Replaces an account's password hash, only while it is still `expected` (a concurrent login
  // may have replaced it first); true when replaced. Throws backend_error.
  virtual bool replace_password_hash(std::int64_t user_id, const std::string& expected,
                                     const std::string& replacement) = 0;

  // Stores accounts of the original service, marked as imported, in one transaction; one result
  // per account, in order. An email already held (compared case-insensitively) is left as it is:
  // already_imported when an earlier import stored it, taken when it was registered here; either
  // way the result names the account that holds it. Throws backend_error.
  virtual std::vector<imported_user_result> import_users(std::span<const imported_user> batch) = 0;

  // Accounts registered here, not imported. Throws backend_error.
  virtual std::int64_t count_not_imported() = 0;
};

}  // namespace pricewatch
