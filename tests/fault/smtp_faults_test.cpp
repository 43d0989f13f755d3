// What a mail server does to delivery: refusing every message for a minute (451), and a tarpit
// that accepts a connection and never answers. No alert is lost or mailed twice, and a hung
// connection holds up only the one delivery on it: after 2 s its worker hands the rest of its
// claimed batch back to the outbox for the other worker (notify/stall_watch.hpp), and the 10 s
// greeting deadline ends the hang, the mail then retried.
// PRICEWATCH_FAULT_REFUSE_SECONDS shortens the refusal (default 60).
#include "watch_fixture.hpp"

#include "eventually.hpp"
#include "fault_setting.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace pricewatch::e2e {
namespace {

using namespace std::chrono_literals;

class smtp_faults_test : public watch_test {
 protected:
  smtp_faults_test() { extra_environment.emplace_back("PRICEWATCH_MAIL_CONNECTIONS", "2"); }

  // count alerts of one owner at distinct levels under 51000, watched; their ids.
  std::vector<std::int64_t> alerts_of(const test_user& owner, int count) {
    std::vector<std::int64_t> ids;
    for (int index = 0; index < count; ++index) {
      ids.push_back(create_alert(owner, "BTCUSDT", "above", std::to_string(50000 + index)));
    }
    exchange().wait_for_subscription("BTCUSDT");
    return ids;
  }

  // Each alert mailed exactly once: the number that were not, and the extra copies.
  std::pair<int, int> lost_and_doubled(const std::vector<std::int64_t>& ids) {
    const auto mails = mails_by_alert();
    int lost = 0, doubled = 0;
    for (const auto id : ids) {
      const auto found = mails.find(id);
      if (found == mails.end()) ++lost;
      else doubled += static_cast<int>(found->second.size()) - 1;
    }
    return {lost, doubled};
  }
};

TEST_F(smtp_faults_test, a_minute_of_refusals_loses_and_doubles_nothing) {
  const auto refusing = std::chrono::seconds(fault_setting("PRICEWATCH_FAULT_REFUSE_SECONDS", 60));
  const test_user owner = register_user("refused-minute");
  const auto ids = alerts_of(owner, 50);
  mail().refuse(true);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(exchange().set_price("BTCUSDT", "51000"), 1);
  std::this_thread::sleep_for(refusing);  // the outage's length, not a wait for a condition
  const std::int64_t refusals = mail().refusals();
  EXPECT_EQ(mail().count(), 0u);
  mail().refuse(false);
  // The retries back off to at most the refusal's length apart by now (1, 2, 4, ... s).
  const bool all = mail().wait_for_count(ids.size(), refusing + 60s);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto [lost, doubled] = lost_and_doubled(ids);
  std::cout << "[ figures ] " << refusing.count() << " s of refusals (" << refusals << " refused attempts): "
            << ids.size() << " alerts mailed after " << seconds << " s; lost " << lost << ", doubled " << doubled << "\n";
  EXPECT_TRUE(all) << mail().count();
  EXPECT_EQ(lost, 0);
  EXPECT_EQ(doubled, 0);
}

TEST_F(smtp_faults_test, a_tarpit_holds_up_only_the_delivery_on_its_connection) {
  const test_user owner = register_user("tarpitted");
  const auto ids = alerts_of(owner, 20);
  mail().tarpit(1);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(exchange().set_price("BTCUSDT", "51000"), 1);
  // Every mail but the one on the hung connection, before the 10 s greeting deadline ends the hang.
  const bool others = mail().wait_for_count(ids.size() - 1, 9s);
  const double others_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_TRUE(others) << mail().count() << " mails while one connection hung";
  // Then the hung one, retried after its timeout.
  const bool all = mail().wait_for_count(ids.size(), 90s);
  const double all_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto [lost, doubled] = lost_and_doubled(ids);
  std::cout << "[ figures ] tarpit: " << ids.size() - 1 << " other mails in " << others_s << " s while one "
            << "connection hung; the last after " << all_s << " s; lost " << lost << ", doubled " << doubled << "\n";
  EXPECT_TRUE(all);
  EXPECT_EQ(lost, 0);
  EXPECT_EQ(doubled, 0);
}

}  // namespace
}  // namespace pricewatch::e2e
