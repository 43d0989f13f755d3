// Password guessing against the real binary: per account (one account, many passwords), spraying
// (one client, many accounts), and whether the time of a refusal tells a known email from an
// unknown one. Each is its own suite, so its own service and its own login limits (10 failures
// per account and 100 per client in 15 minutes: auth/login_limiter.hpp).
#include "security_fixture.hpp"

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>
#include <vector>

namespace pricewatch::security {
namespace {

std::string credentials(std::string_view email, std::string_view password) {
  return boost::json::serialize(boost::json::value{{"email", email}, {"password", password}});
}

class login_guessing_test : public service_test {};

// Ten wrong passwords lock the account for the window, even against the right one (so the
// eleventh guess learns nothing), while another account logs in from the same client.
TEST_F(login_guessing_test, an_account_is_locked_after_ten_wrong_passwords_and_others_are_not) {
  http_client http = client();
  const test_user target = register_and_login(http, "guessed");
  const test_user neighbour = register_and_login(http, "neighbour");
  for (int guess = 0; guess < 10; ++guess) {
    const http_response refused = http.post("/api/login/", credentials(target.email, "guess-" + std::to_string(guess)));
    EXPECT_TRUE(refused.status == 400u || refused.status == 401u) << guess << ": " << refused.body;
  }
  for (const char* route : {"/api/login/", "/api/v1/tokens"}) {
    const http_response locked = http.post(route, credentials(target.email, test_password));
    EXPECT_EQ(locked.status, 429u) << route << ": " << locked.body;
    EXPECT_TRUE(locked.header("Retry-After").has_value()) << route;
  }
  EXPECT_EQ(http.post("/api/login/", credentials(neighbour.email, test_password)).status, 200u);
}

class login_spraying_test : public service_test {};

// One client trying one password on a hundred accounts is stopped at the hundredth failure, on
// every account (known or not) and both login routes.
TEST_F(login_spraying_test, a_client_is_stopped_after_a_hundred_failures_across_accounts) {
  http_client http = client();
  const test_user real = register_and_login(http, "sprayed");
  int refused = 0;
  for (int account = 0; account < 100; ++account) {
    const http_response answer =
        http.post(account % 2 ? "/api/login/" : "/api/v1/tokens",
                  credentials("spray-" + std::to_string(account) + "@example.com", "Winter2026!"));
    if (answer.status == 400u || answer.status == 401u) ++refused;
  }
  EXPECT_EQ(refused, 100);
  const http_response stopped = http.post("/api/login/", credentials(real.email, "Winter2026!"));
  EXPECT_EQ(stopped.status, 429u) << stopped.body;
  const http_response even_right = http.post("/api/v1/tokens", credentials(real.email, test_password));
  EXPECT_EQ(even_right.status, 429u) << even_right.body;
}

class login_timing_test : public service_test {};

double median(std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  return samples[samples.size() / 2];
}

// A refusal for an unknown email takes as long as one for a known email with a wrong password
// (both verify an Argon2id hash: the decoy's or the account's), within 10 % of each other's
// median over interleaved samples, so timing does not enumerate accounts.
TEST_F(login_timing_test, a_refusal_takes_the_same_time_for_known_and_unknown_emails) {
  http_client http = client();
  std::vector<test_user> known;
  for (int index = 0; index < 5; ++index) known.push_back(register_and_login(http, "timed"));
  http.post("/api/login/", credentials("warm-up@example.com", "x"));
  std::vector<double> known_ms, unknown_ms;
  auto timed = [&](const std::string& email) {
    const auto start = std::chrono::steady_clock::now();
    const http_response answer = http.post("/api/login/", credentials(email, "wrong password"));
    const auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    EXPECT_TRUE(answer.status == 400u || answer.status == 401u) << answer.body;
    return elapsed;
  };
  for (int sample = 0; sample < 40; ++sample) {  // 80 failures: under the client's 100
    known_ms.push_back(timed(known[static_cast<std::size_t>(sample) % known.size()].email));  // 8 per account
    unknown_ms.push_back(timed("nobody-" + std::to_string(sample) + "@example.com"));
  }
  const double known_median = median(known_ms), unknown_median = median(unknown_ms);
  const double difference = std::abs(known_median - unknown_median) / known_median;
  std::cout << "[ figures ] login refusal median: known email " << known_median << " ms, unknown email "
            << unknown_median << " ms, difference " << difference * 100 << " %\n";
  EXPECT_LT(difference, 0.10);
}

}  // namespace
}  // namespace pricewatch::security
