// Redis for the unit tests: the server named by PRICEWATCH_TEST_REDIS_URL (the test command starts
// one), with a key prefix of the test's own so that tests running side by side on one Redis never
// see each other's keys. Its keys are deleted before and after the test.
#pragma once

#include "cache/redis/redis_client.hpp"
#include "core/clock.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace pricewatch::test_support {

inline constexpr const char* redis_url_variable = "PRICEWATCH_TEST_REDIS_URL";

class redis_test_keys {
 public:
  redis_test_keys() = default;
  ~redis_test_keys();
  redis_test_keys(const redis_test_keys&) = delete;
  redis_test_keys& operator=(const redis_test_keys&) = delete;

  // Fails the test (never skips it) when the variable is missing or no Redis answers there. Call
  // as ASSERT_NO_FATAL_FAILURE(keys.open()) from SetUp.
  void open();

  const std::string& url() const { return url_; }
  // Like "pwtest:<pid>:<suite>.<test>:", in place of the production prefix "pw:".
  const std::string& prefix() const { return prefix_; }
  // A client of the test's own, for looking at and arranging keys; it never backs off.
  redis_client& admin() { return *admin_; }

  // The keys under the prefix.
  std::vector<std::string> keys();
  // What time passing does to the keys under the prefix: each TTL shortened by `by`, and a key whose
  // TTL runs out deleted, as Redis would expire it. Lets tests of windows and TTLs run without waiting.
  void advance(std::chrono::milliseconds by);
  void clear();

 private:
  std::string url_;
  std::string prefix_;
  system_wall_clock clock_;
  std::unique_ptr<redis_client> admin_;
};

}  // namespace pricewatch::test_support
