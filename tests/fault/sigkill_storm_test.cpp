// SIGKILL during an alert storm (embedded mode, email): 10,000 alerts of 100 users fire on one
// price, and pricewatch is killed five times at random moments while it fires and mails them,
// each time started again on the same database. Every alert must be mailed (0 lost), and the
// duplicates must be no more than the deliveries that can be in flight at a kill (mail.connections
// per kill: a mail the sink accepted just before the kill, whose "sent" was never stored).
// PRICEWATCH_FAULT_ALERTS and PRICEWATCH_FAULT_SEED change the size and the moments.
#include "watch_fixture.hpp"

#include "concurrent_alerts.hpp"
#include "eventually.hpp"
#include "fault_setting.hpp"
#include "sigkill_rounds.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

namespace pricewatch::e2e {
namespace {

using namespace std::chrono_literals;

class sigkill_storm_test : public watch_test {
 protected:
  static constexpr int connections = 2;  // mail.connections: deliveries in flight at most
  sigkill_storm_test() {
    extra_environment.emplace_back("PRICEWATCH_MAIL_CONNECTIONS", std::to_string(connections));
    extra_environment.emplace_back("PRICEWATCH_LOG_LEVEL", "info");
  }
};

TEST_F(sigkill_storm_test, loses_no_alert_and_doubles_no_more_than_the_mails_in_flight_at_five_kills) {
  const int alerts = fault_setting("PRICEWATCH_FAULT_ALERTS", 10000);
  const unsigned seed = static_cast<unsigned>(fault_setting("PRICEWATCH_FAULT_SEED", static_cast<int>(std::random_device{}())));
  constexpr int users = 100, kills = 5;
  std::cout << "[ storm ] " << alerts << " alerts, seed " << seed << " (PRICEWATCH_FAULT_SEED)\n";

  std::vector<test_user> owners;
  for (int index = 0; index < users; ++index) owners.push_back(register_user("storm"));
  // Created by four clients at once; each alert's target is its own, all below the storm's price.
  const auto ids = create_alerts_concurrently(pricewatch().port(), alerts, [&](int index) {
    return alert_order{owners[static_cast<std::size_t>(index % users)].token,
                       R"({"symbol":"BTCUSDT","condition":"above","price":")" + std::to_string(50000 + index % 5000) + "." +
                           std::to_string(index % 97) + "\"}"};
  });
  ASSERT_EQ(std::count(ids.begin(), ids.end(), 0), 0) << "alerts not created";
  ASSERT_TRUE(exchange().wait_for_subscription("BTCUSDT"));

  const auto storm = std::chrono::steady_clock::now();
  EXPECT_EQ(exchange().set_price("BTCUSDT", "60000"), 1);
  sigkill_rounds(
      kills, seed, storm,
      [&] {
        kill_pricewatch();
        start_pricewatch();
        // The market keeps trading at that price: a new process that still has alerts to fire
        // subscribes and sees it. Once every alert has fired it has nothing to follow.
        if (eventually([&] { return exchange().subscribed("BTCUSDT"); }, 5s)) exchange().set_price("BTCUSDT", "60000");
      },
      [&] { return mail().count(); });
  const auto wanted = static_cast<std::size_t>(alerts);
  bool all_mailed = eventually([&] { return mail().count() >= wanted; }, 600s) &&
                    eventually([&] { return mails_by_alert().size() >= wanted; }, 120s);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - storm).count();
  // A sentinel fired last: its mail comes after any late duplicate of the storm would have.
  const std::int64_t sentinel = create_watched_alert(owners.front(), "BTCUSDT", "above", "70000");
  exchange().set_price("BTCUSDT", "70000");
  all_mailed = eventually([&] { return mails_by_alert().contains(sentinel); }, 60s) && all_mailed;
  const auto mails = mails_by_alert();
  int lost = 0, doubled = 0;
  for (const std::int64_t id : ids) {
    const auto found = mails.find(id);
    if (found == mails.end()) ++lost;
    else if (found->second.size() > 1) doubled += static_cast<int>(found->second.size()) - 1;
  }
  std::cout << "[ figures ] storm of " << alerts << " alerts with " << kills << " SIGKILLs: " << mail().count()
            << " mails in " << seconds << " s; lost " << lost << ", doubled " << doubled << " (bound "
            << kills * connections << ")\n";
  EXPECT_TRUE(all_mailed) << mail().count() << " mails of " << alerts;
  EXPECT_EQ(lost, 0);
  EXPECT_LE(doubled, kills * connections);
}

}  // namespace
}  // namespace pricewatch::e2e
