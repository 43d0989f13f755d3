// Tests the statements each connection prepares once and runs again (storage/soci/
// prepared_statements.hpp), through the stores that use them: a statement that failed is prepared
// again, not left half-run; a connection the server dropped comes back with its statements
// prepared anew on the new connection.
#include "core/backend_error.hpp"
#include "outbox_database.hpp"
#include "storage/soci/database_url.hpp"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <optional>
#include <string>
#include <vector>

namespace pricewatch {
namespace {

class prepared_statements_test : public ::testing::TestWithParam<std::string> {
 protected:
  test_support::outbox_database db_{GetParam()};
};

TEST_P(prepared_statements_test, a_failed_create_leaves_the_next_one_working) {
  const auto before = db_.create_alert(alert_condition::above, "100");
  // Nobody has user id 987654: the foreign key refuses the row inside the prepared INSERT.
  EXPECT_THROW(db_.database->alerts().create(987654, level_request("BTCUSDT", alert_condition::above, *price::parse("1")),
                                             db_.clock.now()),
               backend_error);
  const auto after = db_.create_alert(alert_condition::below, "200");
  ASSERT_TRUE(db_.find(before));
  ASSERT_TRUE(db_.find(after));
  EXPECT_EQ(db_.find(after)->condition, alert_condition::below);
  EXPECT_EQ(db_.find(after)->target, *price::parse("200"));
  EXPECT_EQ(db_.database->alerts().count_active(), 2);
}

TEST_P(prepared_statements_test, outcomes_stored_again_and_again_each_reach_their_own_row) {
  std::vector<std::int64_t> fired;
  for (const char* target : {"1", "2", "3", "4"}) fired.push_back(db_.create_alert(alert_condition::above, target));
  db_.fire(fired, "10");
  auto claimed = db_.notifications().claim_due(db_.clock.now(), 10, std::chrono::seconds(60));
  ASSERT_EQ(claimed.size(), 4u);
  db_.notifications().mark_sent(claimed[0].id, 1, db_.clock.now());
  db_.notifications().schedule_retry(claimed[1].id, 1, db_.clock.now(), "421 try later");
  db_.notifications().mark_failed(claimed[2].id, 1, "550 no such user");
  db_.notifications().settle(std::vector<delivery_outcome>{
      {delivery_outcome::kind::sent, claimed[3].id, 1, db_.clock.now(), {}},
      {delivery_outcome::kind::failed, claimed[1].id, 2, db_.clock.now(), "550 gone"}});
  const auto statuses = db_.notifications().count_by_status();
  EXPECT_EQ(statuses.at(notification_status::sent), 2);
  EXPECT_EQ(statuses.at(notification_status::failed), 2);
  EXPECT_EQ(db_.find(fired[1])->delivery->last_error, "550 gone");
  EXPECT_EQ(db_.find(fired[2])->delivery->last_error, "550 no such user");
  EXPECT_EQ(db_.find(fired[0])->delivery->last_error, std::nullopt);
}

INSTANTIATE_TEST_SUITE_P(backends, prepared_statements_test, ::testing::ValuesIn(test_support::database_backends()),
                         test_support::backend_name);

// The backends with a server that can drop a connection.
std::vector<std::string> server_backends() {
  std::vector<std::string> servers;
  for (const auto& backend : test_support::database_backends()) {
    if (backend != "sqlite") servers.push_back(backend);
  }
  return servers;
}

class dropped_connection_test : public prepared_statements_test {
 protected:
  // Ends every other session of the test's database on the server, as a restart or a failover does.
  void drop_the_stores_connections() {
    soci::session admin;
    storage::resolve_database_url(db_.scratch.url()).connect(admin);
    if (GetParam() == "postgresql") {
      admin << "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
               "WHERE datname = current_database() AND pid <> pg_backend_pid()";
      return;
    }
    std::vector<long long> sessions(16);
    admin << "SELECT id FROM information_schema.processlist WHERE db = DATABASE() AND id <> CONNECTION_ID()",
        soci::into(sessions);
    ASSERT_FALSE(sessions.empty()) << "the store's connections are open";
    for (const auto id : sessions) admin << "KILL CONNECTION " + std::to_string(id);
  }
};

TEST_P(dropped_connection_test, comes_back_with_its_statements_prepared_on_the_new_connection) {
  // Both connections of the pool (outbox_database opens 2) prepare their statements.
  const auto first = db_.create_alert(alert_condition::above, "100");
  ASSERT_TRUE(db_.find(first));
  ASSERT_TRUE(db_.find(db_.create_alert(alert_condition::above, "101")));

  drop_the_stores_connections();

  // Only the call that finds a connection gone fails; every call after it works on reopened
  // connections, whose statements are prepared there anew.
  int failed = 0;
  std::vector<std::int64_t> created;
  for (int call = 0; call < 6; ++call) {
    try {
      created.push_back(db_.create_alert(alert_condition::below, std::to_string(200 + call)));
      ASSERT_TRUE(db_.find(created.back()));
    } catch (const backend_error&) {
      ++failed;
    }
  }
  EXPECT_LE(failed, 1);
  ASSERT_GE(created.size(), 5u);
  EXPECT_EQ(db_.find(created.back())->target, *price::parse("205"));
  EXPECT_EQ(db_.find(first)->target, *price::parse("100"));
}

GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(dropped_connection_test);
INSTANTIATE_TEST_SUITE_P(servers, dropped_connection_test, ::testing::ValuesIn(server_backends()),
                         test_support::backend_name);

}  // namespace
}  // namespace pricewatch
