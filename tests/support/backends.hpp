// The backends of this build (the PRICEWATCH_WITH_* options, seen as PRICEWATCH_HAS_* by the test
// targets): each contract suite runs on every one of them, and on no other.
#pragma once

#include <string>
#include <vector>

namespace pricewatch::test_support {

inline const std::vector<std::string>& database_backends() {
  static const std::vector<std::string> backends = [] {
    std::vector<std::string> names{"sqlite"};
    if (PRICEWATCH_HAS_POSTGRESQL) names.push_back("postgresql");
    if (PRICEWATCH_HAS_MYSQL) names.push_back("mysql");
    return names;
  }();
  return backends;
}

inline const std::vector<std::string>& cache_backends() {
  static const std::vector<std::string> backends = [] {
    std::vector<std::string> names{"memory"};
    if (PRICEWATCH_HAS_REDIS) names.push_back("redis");
    return names;
  }();
  return backends;
}

}  // namespace pricewatch::test_support
