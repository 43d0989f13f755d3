// Redis or RabbitMQ taken away mid-storm, under the scale-out mode (DESIGN.md section 1): one api,
// one watcher and two notifier processes on a private PostgreSQL, Redis and RabbitMQ
// (tests/fault/private_server.hpp, never the shared servers). Redis or RabbitMQ is stopped for
// 10 s and started again, or paused with SIGSTOP for 10 s and resumed, during the storm of
// storm_fault_test.hpp: the API answers 2xx or 503 meanwhile, never a hang; afterwards every
// alert is mailed, 0 lost, duplicates no more than the deliveries in flight (2 notifiers x
// mail.connections).
#include "private_server.hpp"
#include "storm_fault_test.hpp"

#include <gtest/gtest.h>

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
    for (int i = 0; i < notifiers; ++i) start_pricewatch({"serve", "--role", "notifier"});
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
};

TEST_F(queue_faults_test, redis_stopped_and_started_again_mid_storm) { stopped("Redis", cache_); }
TEST_F(queue_faults_test, redis_paused_mid_storm) { paused("Redis", cache_); }
TEST_F(queue_faults_test, rabbitmq_stopped_and_started_again_mid_storm) { stopped("RabbitMQ", queue_); }
TEST_F(queue_faults_test, rabbitmq_paused_mid_storm) { paused("RabbitMQ", queue_); }

}  // namespace
}  // namespace pricewatch::e2e
