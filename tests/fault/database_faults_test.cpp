// The database taken away mid-storm, under pricewatch embedded with PostgreSQL or MariaDB
// (database.url on a private server that scripts/test-servers.sh starts with
// PRICEWATCH_TEST_PORT_OFFSET in its own folder, so the shared test servers are never touched;
// tests/fault/private_server.hpp): stopped for 10 s then started again, or paused with SIGSTOP for
// 10 s then resumed, during the storm of storm_fault_test.hpp: the API answers 503 while it is
// away (never another 5xx, never a hang past the client's 10 s); afterwards it serves again and
// every alert is mailed: 0 lost, duplicates no more than the deliveries in flight
// (mail.connections).
#include "private_server.hpp"
#include "storm_fault_test.hpp"

#include <gtest/gtest.h>

#include <string>

namespace pricewatch::e2e {
namespace {

class database_faults_test : public storm_fault_test {
 protected:
  static constexpr int connections = 2;  // mail.connections: deliveries in flight at most

  explicit database_faults_test(const char* server) : server_(server) {}

  void SetUp() override {
    ASSERT_TRUE(server_.start_fresh()) << "the private database server did not start";
    extra_environment.emplace_back("PRICEWATCH_DATABASE_URL", server_.url());
    extra_environment.emplace_back("PRICEWATCH_MAIL_CONNECTIONS", std::to_string(connections));
    storm_fault_test::SetUp();
  }
  void TearDown() override {
    server_.resume();  // a failed test must not leave it stopped
    storm_fault_test::TearDown();
    server_.stop();
  }
  int deliveries_in_flight() const override { return connections; }

  private_server server_;
};

class postgres_faults_test : public database_faults_test {
 protected:
  postgres_faults_test() : database_faults_test("postgres") {}
};

class mariadb_faults_test : public database_faults_test {
 protected:
  mariadb_faults_test() : database_faults_test("mariadb") {}
};

TEST_F(postgres_faults_test, stopped_and_started_again_mid_storm) {
  storm_through(
      "PostgreSQL stopped", [this] { EXPECT_TRUE(server_.stop_server()); }, [this] { EXPECT_TRUE(server_.start_server()); });
}

TEST_F(postgres_faults_test, paused_with_sigstop_mid_storm) {
  storm_through("PostgreSQL paused (SIGSTOP)", [this] { EXPECT_TRUE(server_.pause()); }, [this] { server_.resume(); });
}

TEST_F(mariadb_faults_test, stopped_and_started_again_mid_storm) {
  storm_through(
      "MariaDB stopped", [this] { EXPECT_TRUE(server_.stop_server()); }, [this] { EXPECT_TRUE(server_.start_server()); });
}

TEST_F(mariadb_faults_test, paused_with_sigstop_mid_storm) {
  storm_through("MariaDB paused (SIGSTOP)", [this] { EXPECT_TRUE(server_.pause()); }, [this] { server_.resume(); });
}

}  // namespace
}  // namespace pricewatch::e2e
