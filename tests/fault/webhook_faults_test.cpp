// What a webhook receiver does to delivery (embedded mode, the Standard Webhooks receiver of
// tests/fixtures/webhook-receiver): answering 503 to everything for a minute, then 2xx; and one
// receiver that takes a request and never answers (a tarpit) beside another that answers at once.
// No alert is lost or delivered twice, and the hung request holds up no other receiver's
// deliveries beyond the stall watch (notify/stall_watch.hpp); the outbound timeout (10 s) ends
// the hang and the delivery is retried. PRICEWATCH_FAULT_REFUSE_SECONDS shortens the refusal.
#include "channel_fixture.hpp"

#include "eventually.hpp"
#include "fault_setting.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace pricewatch::e2e {
namespace {

using boost::json::array;
using boost::json::value;
using namespace std::chrono_literals;

class webhook_faults_test : public channels_test {
 protected:
  webhook_faults_test() { extra_environment.emplace_back("PRICEWATCH_DELIVERY_WORKERS", "2"); }

  // count alerts of the owner at distinct levels under 51000, to the channel, watched; their ids.
  std::vector<std::int64_t> alerts_to(const test_user& owner, std::int64_t channel, int count, int first_level) {
    std::vector<std::int64_t> ids;
    for (int index = 0; index < count; ++index) {
      ids.push_back(create_alert_with(owner, std::to_string(first_level + index), array{channel}));
    }
    return ids;
  }

  // The requests a hook accepted (2xx), by the alert each body names.
  std::map<std::int64_t, int> accepted(std::string_view hook) {
    std::map<std::int64_t, int> found;
    for (const auto& record : hook_received(hook)) {
      const auto status = integer_of(member(record, "status"));
      if (status < 200 || status >= 300) continue;
      EXPECT_EQ(member(record, "verified"), value(true));
      const value body = boost::json::parse(string_of(member(record, "body")));
      ++found[integer_of(member(member(body, "data"), "alert_id"))];
    }
    return found;
  }

  std::pair<int, int> lost_and_doubled(std::string_view hook, const std::vector<std::int64_t>& ids) {
    const auto found = accepted(hook);
    int lost = 0, doubled = 0;
    for (const auto id : ids) {
      const auto at = found.find(id);
      if (at == found.end()) ++lost;
      else doubled += at->second - 1;
    }
    return {lost, doubled};
  }
};

TEST_F(webhook_faults_test, a_minute_of_503_loses_and_doubles_nothing) {
  const auto refusing = std::chrono::seconds(fault_setting("PRICEWATCH_FAULT_REFUSE_SECONDS", 60));
  const test_user owner = register_user("hook-refused");
  const auto hook = id_of(add_webhook(owner, "refusing"));
  const auto ids = alerts_to(owner, hook, 50, 50000);
  script_hook("refusing", array(5000, value{{"status", 503}}));  // more than a minute of attempts
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(exchange().set_price("BTCUSDT", "51000"), 1);
  std::this_thread::sleep_for(refusing);  // the outage's length, not a wait for a condition
  const std::size_t refused = hook_received("refusing").size();
  EXPECT_TRUE(accepted("refusing").empty());
  script_hook("refusing", array{});
  // The retries back off to at most the refusal's length apart by now (1, 2, 4, ... s).
  const bool all = eventually([&] { return accepted("refusing").size() >= ids.size(); }, refusing + 60s, 200ms);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto [lost, doubled] = lost_and_doubled("refusing", ids);
  std::cout << "[ figures ] " << refusing.count() << " s of 503 (" << refused << " refused requests): " << ids.size()
            << " webhooks delivered after " << seconds << " s; lost " << lost << ", doubled " << doubled << "\n";
  EXPECT_TRUE(all);
  EXPECT_EQ(lost, 0);
  EXPECT_EQ(doubled, 0);
}

TEST_F(webhook_faults_test, a_receiver_that_never_answers_holds_up_no_other) {
  const test_user owner = register_user("hook-tarpit");
  const auto hung = id_of(add_webhook(owner, "tarpit"));
  const auto fine = id_of(add_webhook(owner, "fine"));
  // The tarpit's first request hangs for two minutes (its 503, should it ever come, is no success).
  script_hook("tarpit", array{value{{"status", 503}, {"delay_ms", 120000}}});
  const auto hung_ids = alerts_to(owner, hung, 1, 50000);
  const auto fine_ids = alerts_to(owner, fine, 20, 50100);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(exchange().set_price("BTCUSDT", "51000"), 1);
  // Every other delivery before the outbound timeout (10 s) ends the hang.
  const bool others = eventually([&] { return accepted("fine").size() >= fine_ids.size(); }, 9s, 100ms);
  const double others_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_TRUE(others) << accepted("fine").size() << " webhooks while one request hung";
  // Then the hung one, retried after its timeout.
  const bool all = eventually([&] { return accepted("tarpit").size() >= 1; }, 90s, 200ms);
  const double all_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto [lost_fine, doubled_fine] = lost_and_doubled("fine", fine_ids);
  const auto [lost_hung, doubled_hung] = lost_and_doubled("tarpit", hung_ids);
  std::cout << "[ figures ] webhook tarpit: " << fine_ids.size() << " other webhooks in " << others_s
            << " s while one request hung; the hung one after " << all_s << " s; lost " << lost_fine + lost_hung
            << ", doubled " << doubled_fine + doubled_hung << "\n";
  EXPECT_TRUE(all);
  EXPECT_EQ(lost_fine + lost_hung, 0);
  EXPECT_EQ(doubled_fine + doubled_hung, 0);
}

}  // namespace
}  // namespace pricewatch::e2e
