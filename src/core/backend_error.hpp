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

}  // namespace pricewatch
