// Accounts in the database. Implementations are shared by all request threads.
#pragma once

#include "core/clock.hpp"
#include "core/failure.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace pricewatch {

struct user {
  std::int64_t id = 0;
  std::string email;          // as registered, domain lower-cased
  std::string password_hash;  // Argon2id, libsodium's encoded form
  time_point created_at;
};

class user_store {
 public:
  virtual ~user_store() = default;

  // Stores a new account. conflict when the email is taken, compared case-insensitively.
  // Throws backend_error when the database fails.
  virtual result<user> create(const std::string& email, const std::string& password_hash, time_point now) = 0;

  // The account with this email, compared case-insensitively. Throws backend_error.
  virtual std::optional<user> find_by_email(const std::string& email) = 0;

  // Whether the account still exists. Throws backend_error.
  virtual bool exists(std::int64_t user_id) = 0;

  // Throws backend_error.
  virtual std::int64_t count() = 0;
};

}  // namespace pricewatch
