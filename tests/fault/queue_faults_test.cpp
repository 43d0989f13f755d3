// Redis or RabbitMQ taken away mid-storm, under the scale-out mode (DESIGN.md section 1): one api,
// one watcher and two notifier processes on a private PostgreSQL, Redis and RabbitMQ
// (tests/fault/private_server.hpp, never the shared servers). Redis or RabbitMQ is stopped for
// 10 s and started again, or paused with SIGSTOP for 10 s and resumed, during the storm of
// storm_fault_test.hpp: the API answers 2xx or 503 meanwhile, never a hang; afterwards every
// alert is mailed, 0 lost, duplicates no more than the deliveries in flight (2 notifiers x
// mail.connections). And the scale-out SIGKILL storm: the watcher or a notifier, one at random,
// killed five times while 10,000 alerts fire and are mailed, each started again at once.
#include "fault_setting.hpp"
#include "private_server.hpp"
#include "sigkill_rounds.hpp"
#include "storm_fault_test.hpp"

#include <gtest/gtest.h>

#include <iostream>
#include <random>
#include <string>

namespace pricewatch::e2e {
namespace {

using namespace std::chrono_literals;

class queue_faults_test : public storm_fault_test {
 protected:
  static constexpr int notifiers = 2, connections = 2;  // mail.connections per notifier

  void SetUp() override {
    ASSERT_TRUE(database_.start_fresh()) << "the private PostgreSQL did not start";
    ASSERT_TRUE(cache_.start_server()) << "the private Redis did not start";
    ASSERT_TRUE(queue_.start_server()) << "the private RabbitMQ did not start";
    extra_environment = {
        {"PRICEWATCH_DATABASE_URL", database_.url()},
        {"PRICEWATCH_CACHE_URL", cache_.url()},
        {"PRICEWATCH_QUEUE_URL", queue_.url()},
        {"PRICEWATCH_MAIL_CONNECTIONS", std::to_string(connections)},
        {"PRICEWATCH_LOG_LEVEL", "info"},
    };
    storm_fault_test::SetUp();
  }
  void start_services() override {
    auto& migrate = start_pricewatch({"migrate"}, "migrations done");
    ASSERT_EQ(migrate.wait_for_exit(30s), std::optional<int>(0)) << migrate.output();
    api_ = &start_pricewatch({"serve", "--role", "api"});
    watcher_ = &start_pricewatch({"serve", "--role", "watcher"});
    for (int i = 0; i < notifiers; ++i) notifiers_.push_back(&start_pricewatch({"serve", "--role", "notifier"}));
  }
  void TearDown() override {
    cache_.resume();  // a failed test must not leave them stopped
    queue_.resume();
    for (const auto& run : runs()) {
      if (run->running()) {
        EXPECT_EQ(run->stop(SIGTERM), 0) << "exit status after SIGTERM";
      }
    }
    storm_fault_test::TearDown();
    database_.stop();  // the whole private set
  }

  unsigned short api_port() override { return api_->port(); }
  const service_process& watcher() override { return *watcher_; }
  http_client api() override { return http_client(api_->port()); }
  int deliveries_in_flight() const override { return notifiers * connections; }

  void stopped(const std::string& fault, private_server& server) {
    storm_through(fault + " stopped", [&] { EXPECT_TRUE(server.stop_server()); },
                  [&] { EXPECT_TRUE(server.start_server()); });
  }
  void paused(const std::string& fault, private_server& server) {
    storm_through(fault + " paused (SIGSTOP)", [&] { EXPECT_TRUE(server.pause()); }, [&] { server.resume(); });
  }

  private_server database_{"postgres"};
  private_server cache_{"redis"};
  private_server queue_{"rabbitmq"};
  service_process* api_ = nullptr;
  service_process* watcher_ = nullptr;
  std::vector<service_process*> notifiers_;
};

TEST_F(queue_faults_test, redis_stopped_and_started_again_mid_storm) { stopped("Redis", cache_); }
TEST_F(queue_faults_test, redis_paused_mid_storm) { paused("Redis", cache_); }
TEST_F(queue_faults_test, rabbitmq_stopped_and_started_again_mid_storm) { stopped("RabbitMQ", queue_); }
TEST_F(queue_faults_test, rabbitmq_paused_mid_storm) { paused("RabbitMQ", queue_); }

TEST_F(queue_faults_test, sigkill_of_the_watcher_or_a_notifier_five_times_mid_storm) {
  const int alerts = fault_setting("PRICEWATCH_FAULT_ALERTS", 10000);
  const unsigned seed = static_cast<unsigned>(fault_setting("PRICEWATCH_FAULT_SEED", static_cast<int>(std::random_device{}())));
  constexpr int kills = 5;
  std::cout << "[ storm ] scale-out, " << alerts << " alerts, seed " << seed << " (PRICEWATCH_FAULT_SEED)\n";
  const auto ids = storm_alerts(alerts);
  const auto storm = std::chrono::steady_clock::now();
  EXPECT_EQ(exchange().set_price("BTCUSDT", "60000"), 1);
  // The kills while it mails (a first run's five all came before the first mail, while the
  // watcher was still firing: 0 lost then too).
  EXPECT_TRUE(eventually([&] { return mail().count() >= 50; }, 120s));
  std::mt19937 pick(seed);
  sigkill_rounds(
      kills, seed, storm,
      [&] {
        const auto victim = std::uniform_int_distribution<int>(0, notifiers)(pick);  // 0: the watcher
        service_process*& process = victim == 0 ? watcher_ : notifiers_[static_cast<std::size_t>(victim - 1)];
        std::cout << "[ storm ] killing the " << (victim == 0 ? "watcher" : "notifier " + std::to_string(victim)) << "\n";
        process->send_signal(SIGKILL);
        EXPECT_EQ(process->wait_for_exit(10s), std::optional<int>(128 + SIGKILL));
        process = &start_pricewatch({"serve", "--role", victim == 0 ? "watcher" : "notifier"});
        // A new watcher that still has alerts to fire subscribes and sees the market's price.
        if (victim == 0 && eventually([&] { return exchange().subscribed("BTCUSDT"); }, 5s)) {
          exchange().set_price("BTCUSDT", "60000");
        }
      },
      [&] { return mail().count(); });
  const mail_count mails = count_mails(ids, storm);
  std::cout << "[ figures ] scale-out storm of " << alerts << " alerts with " << kills << " SIGKILLs of the watcher or a "
            << "notifier: all mailed after " << mails.mailed_s << " s; lost " << mails.lost << ", doubled " << mails.doubled
            << " (bound " << kills * connections << ")\n";
  EXPECT_TRUE(mails.all) << mail().count() << " mails of " << alerts;
  EXPECT_EQ(mails.lost, 0);
  EXPECT_LE(mails.doubled, kills * connections);
}

}  // namespace
}  // namespace pricewatch::e2e
