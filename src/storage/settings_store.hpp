// Named values the service keeps for itself, such as the embedded mode's token secret.
#pragma once

#include <string>

namespace pricewatch {

class settings_store {
 public:
  virtual ~settings_store() = default;

  // The stored value of name; when there is none, stores candidate and returns it. Atomic, so
  // two processes starting together agree on one value. Throws backend_error.
  virtual std::string get_or_insert(const std::string& name, const std::string& candidate) = 0;
};

}  // namespace pricewatch
