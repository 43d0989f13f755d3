#include "storm_fault_test.hpp"

#include "concurrent_alerts.hpp"
#include "eventually.hpp"
#include "fault_setting.hpp"
#include "raw_connection.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <thread>

namespace pricewatch::e2e {

using namespace std::chrono_literals;

std::vector<std::int64_t> storm_fault_test::storm_alerts(int alerts) {
  std::vector<test_user> owners;
  for (int index = 0; index < 20; ++index) owners.push_back(register_user("fault"));
  owner_ = owners.front();
  const auto ids = create_alerts_concurrently(api_port(), alerts, [&](int index) {
    return alert_order{owners[static_cast<std::size_t>(index % 20)].token,
                       R"({"symbol":"BTCUSDT","condition":"above","price":")" + std::to_string(50000 + index % 5000) + "\"}"};
  });
  EXPECT_EQ(std::count(ids.begin(), ids.end(), 0), 0) << "alerts not created";
  EXPECT_TRUE(exchange().wait_for_subscription("BTCUSDT"));
  // Every alert in the engine before the one price that fires them: scaled out, the "created"
  // events reach the watcher through RabbitMQ after the api answered, and an alert added after
  // the last trade would wait for the next one, which the storm's fake exchange never sends.
  EXPECT_TRUE(eventually([&] { return metric("pricewatch_watched_alerts", watcher()) >= alerts; }, 60s))
      << "the watcher holds " << metric("pricewatch_watched_alerts", watcher()) << " alerts of " << alerts;
  return ids;
}

storm_fault_test::probe_figures storm_fault_test::probe_for(std::chrono::seconds length) {
  probe_figures figures;
  const auto until = std::chrono::steady_clock::now() + length;
  while (std::chrono::steady_clock::now() < until) {
    for (const bool create : {false, true}) {
      const auto began = std::chrono::steady_clock::now();
      // Raw, with a real deadline: http_client's sync reads do not time out.
      const std::string body = R"({"symbol":"BTCUSDT","condition":"above","price":"90000"})";
      const std::string request =
          (create ? "POST" : "GET") + std::string(" /api/v1/alerts HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ") +
          owner_.token + "\r\nConnection: close\r\n" +
          (create ? "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body
                  : std::string("\r\n"));
      int status = 0;  // no answer within 10 s
      try {
        raw_connection connection(api_port());
        if (connection.send(request)) status = static_cast<int>(connection.read_response(10s).status);
      } catch (const std::exception&) {
        status = -1;  // no connection
      }
      figures.slowest_s = std::max(
          figures.slowest_s, std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count());
      ++figures.statuses[status];
    }
    std::this_thread::sleep_for(500ms);  // the probes' pace, not a wait for a condition
  }
  return figures;
}

void storm_fault_test::storm_through(const std::string& fault, const std::function<void()>& away,
                                     const std::function<void()>& back) {
  const int alerts = fault_setting("PRICEWATCH_FAULT_ALERTS", 2000);
  const auto ids = storm_alerts(alerts);
  const auto storm = std::chrono::steady_clock::now();
  EXPECT_EQ(exchange().set_price("BTCUSDT", "60000"), 1);
  // Mid-storm: once the first mails are out.
  EXPECT_TRUE(eventually([&] { return mail().count() >= 50; }, 60s));
  const std::size_t before = mail().count();
  away();
  const probe_figures probes = probe_for(10s);
  const std::size_t during = mail().count() - before;
  back();
  const bool recovered = eventually(
      [&] {
        try {
          return http_client(api_port()).get("/api/v1/alerts", bearer(owner_.token)).status == 200;
        } catch (const std::exception&) {
          return false;
        }
      },
      60s);
  const auto recovered_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - storm).count();
  const mail_count mails = count_mails(ids, storm);
  std::cout << "[ figures ] " << fault << " 10 s mid-storm of " << alerts << " alerts (" << before
            << " mailed before, " << during << " while away): probes";
  for (const auto& [status, count] : probes.statuses) std::cout << " " << status << "x" << count;
  std::cout << ", slowest " << probes.slowest_s << " s; serving again " << recovered_s << " s after the price, all mailed after "
            << mails.mailed_s << " s; lost " << mails.lost << ", doubled " << mails.doubled << "\n";
  for (const auto& [status, count] : probes.statuses) {
    EXPECT_TRUE(status == 503 || (status >= 200 && status < 300)) << count << " probes answered " << status;
  }
  EXPECT_TRUE(recovered);
  EXPECT_TRUE(mails.all) << mail().count() << " mails of " << alerts;
  EXPECT_EQ(mails.lost, 0);
  EXPECT_LE(mails.doubled, deliveries_in_flight());
}

storm_fault_test::mail_count storm_fault_test::count_mails(const std::vector<std::int64_t>& ids,
                                                           std::chrono::steady_clock::time_point storm) {
  mail_count count;
  count.all = eventually([&] { return mails_by_alert().size() >= ids.size(); }, 600s, 200ms);
  count.mailed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - storm).count();
  const auto watched = metric("pricewatch_watched_alerts", watcher());
  const std::int64_t sentinel = create_watched_alert(owner_, "BTCUSDT", "above", "70000");
  EXPECT_TRUE(eventually([&] { return metric("pricewatch_watched_alerts", watcher()) > watched; }, 60s))
      << "the watcher never heard of the sentinel alert";
  exchange().set_price("BTCUSDT", "70000");
  count.all = eventually([&] { return mails_by_alert().contains(sentinel); }, 120s, 200ms) && count.all;
  const auto mails = mails_by_alert();
  for (const auto id : ids) {
    const auto found = mails.find(id);
    if (found == mails.end()) ++count.lost;
    else count.doubled += static_cast<int>(found->second.size()) - 1;
  }
  return count;
}

}  // namespace pricewatch::e2e
