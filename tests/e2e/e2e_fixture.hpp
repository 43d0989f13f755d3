// The shared pieces of the end-to-end suites: temp directories, a running service per test
// suite, and helpers to register users, log in, create alerts and check JSON bodies.
#pragma once

#include "eventually.hpp"
#include "http_client.hpp"
#include "json_checks.hpp"
#include "jwt_forge.hpp"
#include "service_process.hpp"
#include "temp_directory.hpp"

#include <gtest/gtest.h>

#include <boost/json/value.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace pricewatch::e2e {

// Known to the tests so that they can forge and expire tokens; 40 characters.
inline constexpr std::string_view test_jwt_secret = "e2e-test-secret-0123456789abcdefghijklmn";
static_assert(test_jwt_secret.size() == 40);
inline constexpr std::string_view test_password = "correct horse battery";

using test_support::decode_token;
using test_support::decoded_token;
using test_support::eventually;
using test_support::expect_keys;
using test_support::integer_of;
using test_support::member;
using test_support::string_of;
using test_support::forge_token;
using test_support::replace_payload;
using test_support::signing_algorithm;
using test_support::temp_directory;

enum class jwt_secret { from_environment, embedded };

// PRICEWATCH_* settings for a service whose database and var/ live in the directory. The feed
// URLs point at a closed loopback port so that no test ever reaches out to the real exchange.
environment_list service_environment(const std::filesystem::path& directory, jwt_secret secret);

// Starts pricewatch serve in the directory (its working directory); throws as service_process.
std::unique_ptr<service_process> start_service(const std::filesystem::path& directory, jwt_secret secret);

// One service per test suite: ctest runs each suite as one test (cmake/gtest_suites.cmake).
class service_test : public ::testing::Test {
 public:
  static void SetUpTestSuite();
  static void TearDownTestSuite();

 protected:
  void SetUp() override;     // fails the test when the suite's service did not start
  void TearDown() override;  // prints the end of the service's log when the test failed

  static service_process& service();
  static unsigned short port() { return service().port(); }
  static http_client client() { return http_client(port()); }
  static std::string base_url() { return "http://127.0.0.1:" + std::to_string(port()); }

 private:
  struct shared_state;
  static std::unique_ptr<shared_state> shared_;
};

struct test_user {
  std::string email;
  std::string password;
  std::string token;
  std::int64_t id = 0;
};

// "<tag>-<pid>-<n>@example.com", unique within the test process.
std::string unique_email(std::string_view tag);
// Registers through POST /api/register/ and logs in through POST /api/login/.
test_user register_and_login(http_client& client, std::string_view tag);
header_list bearer(std::string_view token);

// POST /api/alerts/create with that JSON body; the new id, or 0 (and a failure) when not 201.
std::int64_t create_alert(http_client& client, std::string_view token, std::string_view body);

// Expects {"error": {"code": code, "message": "<non-empty>"}} with that status.
void expect_v1_error(const http_response& response, unsigned status, std::string_view code);
// Expects the original routes' {"error": message} alone, with that status.
void expect_original_error(const http_response& response, unsigned status, std::string_view message);

}  // namespace pricewatch::e2e
