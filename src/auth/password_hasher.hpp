// Argon2id password hashes through libsodium, in its self-describing encoded form, so that the
// cost can rise later without invalidating stored hashes; and the Django pbkdf2_sha256 hashes of
// accounts imported from the original (auth/django_password.hpp), verified until the first login
// replaces them. Thread-safe; hashing blocks for tens of milliseconds by design, so call it from
// the blocking pool.
#pragma once

#include <cstddef>
#include <memory>
#include <semaphore>
#include <string>
#include <string_view>

namespace pricewatch {

struct password_cost {
  // OWASP's minimum for Argon2id: 19 MiB of memory, 2 passes.
  unsigned long long passes = 2;
  std::size_t memory_bytes = 19u * 1024u * 1024u;
};

class password_hasher {
 public:
  // At most `parallel` hashes run at once (default: one per core); more would only share the
  // cores and the memory bandwidth, and each would take longer.
  explicit password_hasher(password_cost cost = {}, unsigned parallel = 0);

  // Throws std::runtime_error when libsodium cannot allocate the memory the cost asks for.
  std::string hash(std::string_view password) const;

  // Constant-time in the password; false for a wrong password and for a malformed hash. Reads
  // Argon2id and Django's pbkdf2_sha256 (within django_max_iterations).
  bool verify(const std::string& encoded_hash, std::string_view password) const;

  // Whether verify could ever accept a password for this hash: false for an unusable one ("!",
  // an account imported without a password it can check) and for any other format.
  bool can_verify(const std::string& encoded_hash) const;

  // Whether a hash that just verified should be replaced by hash(password): true for a Django
  // hash, as Django itself moves a user to its preferred hasher at login.
  bool needs_rehash(const std::string& encoded_hash) const;

 private:
  password_cost cost_;
  std::unique_ptr<std::counting_semaphore<>> slots_;
};

}  // namespace pricewatch
