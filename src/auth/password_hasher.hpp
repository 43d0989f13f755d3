// Argon2id password hashes through libsodium, in its self-describing encoded form, so that the
// cost can rise later without invalidating stored hashes. Thread-safe; hashing blocks for tens of
// milliseconds by design, so call it from the blocking pool.
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

  // Constant-time in the password; false for a wrong password and for a malformed hash.
  bool verify(const std::string& encoded_hash, std::string_view password) const;

 private:
  password_cost cost_;
  std::unique_ptr<std::counting_semaphore<>> slots_;
};

}  // namespace pricewatch
