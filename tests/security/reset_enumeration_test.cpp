// Whether a password reset request tells a known address from an unknown one (issue 16): by its
// answer (status, headers, body) or by its time. The link is made and mailed after the answer,
// so the request does the same work for any address. Its own suite: its own service, and its own
// limits (ten requests per address, a hundred per client, in 15 minutes).
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

std::string reset_body(std::string_view email) {
  return boost::json::serialize(boost::json::value{{"email", email}});
}

double median(std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  return samples[samples.size() / 2];
}

class reset_enumeration_test : public service_test {};

// Interleaved samples, 8 per known address (under its 10), 80 in all (under the client's 100).
// A request takes about a millisecond, so the medians are compared within 20 % or 1 ms, whichever
// is larger: the scheduling noise of a loaded machine, far below a database write and a mail.
TEST_F(reset_enumeration_test, a_reset_request_answers_the_same_in_the_same_time_for_known_and_unknown_addresses) {
  http_client http = client();
  std::vector<test_user> known;
  for (int index = 0; index < 5; ++index) known.push_back(register_and_login(http, "reset-known"));
  const http_response first_known = http.post("/api/v1/password-resets", reset_body(known[0].email));
  const http_response first_unknown = http.post("/api/v1/password-resets", reset_body("nobody-first@example.com"));
  ASSERT_EQ(first_known.status, 202u) << first_known.body;
  EXPECT_EQ(first_unknown.status, first_known.status);
  EXPECT_EQ(first_unknown.body, first_known.body);
  auto header_names = [](const http_response& response) {
    std::vector<std::string> names;
    for (const auto& [name, value] : response.headers) {
      if (name != "Date" && name != "X-Request-Id") names.push_back(name + ": " + value);
    }
    return names;
  };
  EXPECT_EQ(header_names(first_unknown), header_names(first_known));

  std::vector<double> known_ms, unknown_ms;
  auto timed = [&](const std::string& email) {
    const auto start = std::chrono::steady_clock::now();
    const http_response answer = http.post("/api/v1/password-resets", reset_body(email));
    const auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(answer.status, 202u) << answer.body;
    return elapsed;
  };
  for (int sample = 0; sample < 38; ++sample) {  // with the two above: 78 requests
    known_ms.push_back(timed(known[static_cast<std::size_t>(sample + 1) % known.size()].email));
    unknown_ms.push_back(timed("nobody-" + std::to_string(sample) + "@example.com"));
  }
  const double known_median = median(known_ms), unknown_median = median(unknown_ms);
  const double difference = std::abs(known_median - unknown_median);
  std::cout << "[ figures ] reset request median: known address " << known_median << " ms, unknown address "
            << unknown_median << " ms, difference " << difference << " ms\n";
  EXPECT_LT(difference, std::max(1.0, 0.2 * std::max(known_median, unknown_median)));
}

}  // namespace
}  // namespace pricewatch::security
