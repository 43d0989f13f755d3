// Thrown by a store, cache or queue when its server cannot be reached or fails: an infrastructure
// failure, answered 503 per request and retried with backoff by workers (STYLE.md point 5).
#pragma once

#include <stdexcept>
#include <string>

namespace pricewatch {

class backend_error : public std::runtime_error {
 public:
  backend_error(std::string backend, const std::string& detail)
      : std::runtime_error(backend + ": " + detail), backend_(std::move(backend)) {}

  const std::string& backend() const noexcept { return backend_; }

 private:
  std::string backend_;
};

// The database refused a write because its disk is full: nothing of the write was stored.
// Answered 507, and /readyz reports the database as unable to write until a write succeeds.
class storage_full_error : public backend_error {
 public:
  explicit storage_full_error(const std::string& detail) : backend_error("database", detail) {}
};

}  // namespace pricewatch
