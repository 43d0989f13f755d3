// The fault tests' sizes and seeds from the environment (PRICEWATCH_FAULT_ALERTS, ...).
#pragma once

#include <cstdlib>

namespace pricewatch::e2e {

// An integer from the environment, or the fallback when unset or empty.
inline int fault_setting(const char* name, int fallback) {
  const char* text = std::getenv(name);
  return text != nullptr && *text != '\0' ? std::atoi(text) : fallback;
}

}  // namespace pricewatch::e2e
