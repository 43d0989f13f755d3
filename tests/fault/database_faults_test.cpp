// The database taken away mid-storm, under pricewatch embedded with PostgreSQL or MariaDB
// (database.url on a private server that scripts/test-servers.sh starts with
// PRICEWATCH_TEST_PORT_OFFSET in its own folder, so the shared test servers are never touched;
// tests/fault/private_server.hpp): stopped for 10 s then started again, or
// paused with SIGSTOP for 10 s then resumed, while 2,000 alerts fire and are mailed. While it is
// away the API answers 503 (never another 5xx, never a hang past the client's 10 s); afterwards
// it serves again and every alert is mailed: 0 lost, duplicates no more than the deliveries in
// flight (mail.connections). PRICEWATCH_FAULT_ALERTS resizes the storm.
#include "watch_fixture.hpp"

#include "eventually.hpp"
#include "private_server.hpp"
#include "raw_connection.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace pricewatch::e2e {
namespace {

using namespace std::chrono_literals;

int setting(const char* name, int fallback) {
  const char* text = std::getenv(name);
  return text != nullptr && *text != '\0' ? std::atoi(text) : fallback;
}

// What the API answered while the database was away.
struct probe_figures {
  std::map<int, int> statuses;  // status -> count; 0: no answer within 10 s, -1: no connection
  double slowest_s = 0;
};

class database_faults_test : public watch_test {
 protected:
  static constexpr int connections = 2;  // mail.connections: deliveries in flight at most

  explicit database_faults_test(const char* server) : server_(server) {}

  void SetUp() override {
    ASSERT_TRUE(server_.start_fresh()) << "the private database server did not start";
    extra_environment.emplace_back("PRICEWATCH_DATABASE_URL", server_.url());
    extra_environment.emplace_back("PRICEWATCH_MAIL_CONNECTIONS", std::to_string(connections));
    watch_test::SetUp();
  }
  void TearDown() override {
    server_.resume();  // a failed test must not leave it stopped
    watch_test::TearDown();
    server_.stop();
  }

  // alerts alerts of 20 users, all below 60000, watched; their ids.
  std::vector<std::int64_t> storm_alerts(int alerts) {
    std::vector<test_user> owners;
    for (int index = 0; index < 20; ++index) owners.push_back(register_user("dbfault"));
    owner_ = owners.front();
    std::vector<std::int64_t> ids(static_cast<std::size_t>(alerts), 0);
    const unsigned short port = pricewatch().port();
    std::vector<std::thread> creators;
    for (int worker = 0; worker < 4; ++worker) {
      creators.emplace_back([&, worker] {
        http_client http(port);
        for (int index = worker; index < alerts; index += 4) {
          const std::string body = R"({"symbol":"BTCUSDT","condition":"above","price":")" +
                                   std::to_string(50000 + index % 5000) + "\"}";
          const auto created = http.post("/api/v1/alerts", body, bearer(owners[static_cast<std::size_t>(index % 20)].token));
          if (created.status == 201) ids[static_cast<std::size_t>(index)] = integer_of(member(created.json(), "id"));
        }
      });
    }
    for (auto& creator : creators) creator.join();
    EXPECT_EQ(std::count(ids.begin(), ids.end(), 0), 0) << "alerts not created";
    EXPECT_TRUE(exchange().wait_for_subscription("BTCUSDT"));
    return ids;
  }

  // A user's list and a new alert, every half second for `length` (the outage).
  probe_figures probe_for(std::chrono::seconds length) {
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
          raw_connection connection(pricewatch().port());
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

  // The storm, the fault while it is mailed, then every mail; asserts and prints the figures.
  void storm_through(const std::string& fault, const std::function<void()>& away, const std::function<void()>& back) {
    const int alerts = setting("PRICEWATCH_FAULT_ALERTS", 2000);
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
            return http_client(pricewatch().port()).get("/api/v1/alerts", bearer(owner_.token)).status == 200;
          } catch (const std::exception&) {
            return false;
          }
        },
        60s);
    const auto recovered_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - storm).count();
    bool all = eventually([&] { return mails_by_alert().size() >= ids.size(); }, 600s);
    const auto mailed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - storm).count();
    // A sentinel fired last: its mail comes after any late duplicate of the storm would have.
    const std::int64_t sentinel = create_watched_alert(owner_, "BTCUSDT", "above", "70000");
    exchange().set_price("BTCUSDT", "70000");
    all = eventually([&] { return mails_by_alert().contains(sentinel); }, 120s) && all;
    const auto mails = mails_by_alert();
    int lost = 0, doubled = 0;
    for (const auto id : ids) {
      const auto found = mails.find(id);
      if (found == mails.end()) ++lost;
      else doubled += static_cast<int>(found->second.size()) - 1;
    }
    std::cout << "[ figures ] " << fault << " 10 s mid-storm of " << alerts << " alerts (" << before
              << " mailed before, " << during << " while away): probes";
    for (const auto& [status, count] : probes.statuses) std::cout << " " << status << "x" << count;
    std::cout << ", slowest " << probes.slowest_s << " s; serving again " << recovered_s << " s after the price, all mailed after "
              << mailed_s << " s; lost " << lost << ", doubled " << doubled << "\n";
    for (const auto& [status, count] : probes.statuses) {
      EXPECT_TRUE(status == 503 || (status >= 200 && status < 300)) << count << " probes answered " << status;
    }
    EXPECT_TRUE(recovered);
    EXPECT_TRUE(all) << mail().count() << " mails of " << alerts;
    EXPECT_EQ(lost, 0);
    EXPECT_LE(doubled, connections);
  }

  private_server server_;
  test_user owner_;
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
