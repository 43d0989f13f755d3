// SIGKILL during a webhook storm (embedded mode): 10,000 alerts of 100 users, each naming its
// owner's webhook channel to the receiver (tests/fixtures/webhook-receiver, which verifies every
// signature with the Standard Webhooks library), fire on one price; pricewatch is killed five
// times at random moments and started again on the same database each time. Every alert must
// reach the receiver once with a verified signature (0 lost), and the duplicates must be no more
// than the deliveries in flight at the kills (per kill, delivery.workers x delivery.in_flight: each
// worker sends a wave of up to in_flight requests together and stores their outcomes before the
// next): a request the receiver accepted just before the kill, whose "sent" was never stored,
// goes again with the same webhook-id, which is how a receiver drops it. PRICEWATCH_FAULT_ALERTS and PRICEWATCH_FAULT_SEED
// change the size and the moments.
#include "channel_fixture.hpp"

#include "concurrent_alerts.hpp"
#include "eventually.hpp"
#include "fault_setting.hpp"
#include "sigkill_rounds.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <set>

namespace pricewatch::e2e {
namespace {

using boost::json::value;
using namespace std::chrono_literals;

class sigkill_webhook_storm_test : public channels_test {
 protected:
  static constexpr int workers = 2, in_flight = 8;  // webhook deliveries in flight: workers x in_flight
  sigkill_webhook_storm_test() {
    extra_environment.emplace_back("PRICEWATCH_DELIVERY_WORKERS", std::to_string(workers));
    extra_environment.emplace_back("PRICEWATCH_DELIVERY_IN_FLIGHT", std::to_string(in_flight));
    extra_environment.emplace_back("PRICEWATCH_LOG_LEVEL", "info");
  }

  // What the receiver accepted (2xx) at /hooks/storm, by the alert each body names; counts the
  // requests whose signature the reference library did not verify.
  std::map<std::int64_t, std::set<std::string>> accepted_by_alert(int& unverified, std::size_t& requests) {
    std::map<std::int64_t, std::set<std::string>> found;
    unverified = 0;
    const auto received = hook_received("storm");
    requests = 0;
    for (const auto& record : received) {
      const auto status = integer_of(member(record, "status"));
      if (status < 200 || status >= 300) continue;
      ++requests;
      if (member(record, "verified") != value(true)) ++unverified;
      const value body = boost::json::parse(string_of(member(record, "body")));
      found[integer_of(member(member(body, "data"), "alert_id"))].insert(string_of(member(record, "id")));
    }
    return found;
  }
};

TEST_F(sigkill_webhook_storm_test, loses_no_webhook_and_doubles_no_more_than_the_requests_in_flight_at_five_kills) {
  const int alerts = fault_setting("PRICEWATCH_FAULT_ALERTS", 10000);
  const unsigned seed = static_cast<unsigned>(fault_setting("PRICEWATCH_FAULT_SEED", static_cast<int>(std::random_device{}())));
  constexpr int users = 100, kills = 5;
  std::cout << "[ storm ] " << alerts << " webhook alerts, seed " << seed << " (PRICEWATCH_FAULT_SEED)\n";

  std::vector<test_user> owners;
  std::vector<std::int64_t> hooks;
  boost::json::array secrets;  // every channel's: they all send to /hooks/storm
  for (int index = 0; index < users; ++index) {
    owners.push_back(register_user("hookstorm"));
    const value made = add_webhook(owners.back(), "storm");
    hooks.push_back(id_of(made));
    secrets.push_back(member(made, "secret"));
  }
  set_hook_secrets("storm", secrets);
  const auto ids = create_alerts_concurrently(pricewatch().port(), alerts, [&](int index) {
    const auto owner = static_cast<std::size_t>(index % users);
    const value body{{"symbol", "BTCUSDT"},
                     {"condition", "above"},
                     {"price", std::to_string(50000 + index % 5000)},
                     {"channels", boost::json::array{hooks[owner]}}};
    return alert_order{owners[owner].token, boost::json::serialize(body)};
  });
  ASSERT_EQ(std::count(ids.begin(), ids.end(), 0), 0) << "alerts not created";
  ASSERT_TRUE(exchange().wait_for_subscription("BTCUSDT"));

  const auto storm = std::chrono::steady_clock::now();
  EXPECT_EQ(exchange().set_price("BTCUSDT", "60000"), 1);
  int unverified = 0;
  std::size_t requests = 0;
  sigkill_rounds(
      kills, seed, storm,
      [&] {
        kill_pricewatch();
        start_pricewatch();
        if (eventually([&] { return exchange().subscribed("BTCUSDT"); }, 5s)) exchange().set_price("BTCUSDT", "60000");
      },
      [&] { return accepted_by_alert(unverified, requests).size(); });
  const auto wanted = static_cast<std::size_t>(alerts);
  bool all = eventually([&] { return accepted_by_alert(unverified, requests).size() >= wanted; }, 600s, 500ms);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - storm).count();
  // A sentinel fired last: its request comes after any late duplicate of the storm would have.
  const std::int64_t sentinel = create_alert_with(owners.front(), "70000", boost::json::array{hooks.front()});
  exchange().set_price("BTCUSDT", "70000");
  all = eventually([&] { return accepted_by_alert(unverified, requests).contains(sentinel); }, 60s, 500ms) && all;
  const auto accepted = accepted_by_alert(unverified, requests);
  int lost = 0, doubled = 0, ids_changed = 0;
  for (const std::int64_t id : ids) {
    const auto found = accepted.find(id);
    if (found == accepted.end()) {
      ++lost;
      continue;
    }
    ids_changed += static_cast<int>(found->second.size()) - 1;  // a repeat under another webhook-id
  }
  doubled = static_cast<int>(requests) - static_cast<int>(accepted.size());
  std::cout << "[ figures ] webhook storm of " << alerts << " alerts with " << kills << " SIGKILLs: " << requests
            << " accepted requests, all in " << seconds << " s; lost " << lost << ", doubled " << doubled
            << " (bound " << kills * workers * in_flight << "), repeats under a new webhook-id " << ids_changed << ", unverified "
            << unverified << "\n";
  EXPECT_TRUE(all) << accepted.size() << " alerts delivered of " << alerts;
  EXPECT_EQ(lost, 0);
  EXPECT_LE(doubled, kills * workers * in_flight);
  EXPECT_EQ(ids_changed, 0) << "a repeated delivery must keep its webhook-id";
  EXPECT_EQ(unverified, 0);
}

}  // namespace
}  // namespace pricewatch::e2e
