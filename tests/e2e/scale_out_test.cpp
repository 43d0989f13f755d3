// The scale-out mode end to end (DESIGN.md section 1): 2 api + 2 watcher + 2 notifier processes
// on a real PostgreSQL or MariaDB, Redis and RabbitMQ (started by the test command), the fake
// exchange and the SMTP sink. Alerts are created through both api processes; every alert emails
// exactly once; a deleted one never fires; both api processes' cached lists stay fresh; an alert
// on Kraken keeps its exchange through the events, the watchers, the price mirror, its firing and
// its mail (the fake speaks Kraken's WebSocket v2 and REST API as well). Then the
// failure test: RabbitMQ, Redis and the database restarted in turn during a stream of firings.
#include "eventually.hpp"
#include "scratch_database.hpp"
#include "watch_fixture.hpp"

#include <boost/json/serialize.hpp>

#include <cstdlib>
#include <map>
#include <set>

namespace pricewatch::e2e {
namespace {

using boost::json::value;
using namespace std::chrono_literals;

const char* required(const char* variable) {
  const char* found = std::getenv(variable);
  if (found == nullptr || *found == '\0') {
    throw std::runtime_error(std::string(variable) + " is not set: run the tests with `make test`, which starts "
                             "PostgreSQL, MariaDB, Redis and RabbitMQ");
  }
  return found;
}

// Runs one command of scripts/test-servers.sh (PRICEWATCH_TEST_SERVERS is "<script> <folder>").
void test_servers(const std::string& command) {
  const std::string line = std::string(required("PRICEWATCH_TEST_SERVERS")) + " " + command;
  ASSERT_EQ(std::system(line.c_str()), 0) << line;
}

std::string with_path(const std::string& url, const std::string& path) {
  return url.substr(0, url.rfind('/') + 1) + path;
}

class cluster_test : public watch_test {
 protected:
  // Which database, which Redis database and which RabbitMQ vhost this test uses, so that tests
  // running side by side share the servers but nothing on them.
  virtual std::string database_backend() const = 0;
  virtual int isolation_index() const = 0;

  void start_services() override {
    scratch_ = std::make_unique<test_support::scratch_database>(database_backend());
    const auto index = std::to_string(isolation_index());
    const std::string redis = with_path(required("PRICEWATCH_TEST_REDIS_URL"), index);
    ASSERT_EQ(std::system(("redis-cli -u " + redis + " FLUSHDB > /dev/null").c_str()), 0);
    const std::string vhost = "pricewatch-test-" + index;
    test_servers("vhost " + vhost);
    extra_environment = {
        {"PRICEWATCH_DATABASE_URL", scratch_->url()},
        {"PRICEWATCH_CACHE_URL", redis},
        {"PRICEWATCH_QUEUE_URL", with_path(required("PRICEWATCH_TEST_AMQP_URL"), vhost)},
        {"PRICEWATCH_DATABASE_POOL_SIZE", "4"},
        {"PRICEWATCH_LOG_LEVEL", "info"},
        {"PRICEWATCH_FEED_KRAKEN_WS_URL", "ws://127.0.0.1:" + std::to_string(exchange_port()) + "/v2"},
        {"PRICEWATCH_FEED_KRAKEN_REST_URL", "http://127.0.0.1:" + std::to_string(exchange_port())},
    };
    auto& migrate = start_pricewatch({"migrate"}, "migrations done");
    ASSERT_EQ(migrate.wait_for_exit(30s), std::optional<int>(0)) << migrate.output();
    for (int i = 0; i < 2; ++i) apis_.push_back(&start_pricewatch({"serve", "--role", "api"}));
    for (int i = 0; i < 2; ++i) watchers_.push_back(&start_pricewatch({"serve", "--role", "watcher"}));
    for (int i = 0; i < 2; ++i) start_pricewatch({"serve", "--role", "notifier"});
  }

  void TearDown() override {
    for (const auto& run : runs()) {
      if (run->running()) {
        EXPECT_EQ(run->stop(SIGTERM), 0) << "exit status after SIGTERM";
      }
    }
    watch_test::TearDown();
  }

  http_client api() override { return http_client(apis_.at(via_)->port()); }
  void use_api(std::size_t index) { via_ = index; }

  // Open WebSocket connections subscribed to the symbol's trades: one per watcher.
  std::size_t subscribers(std::string_view symbol) {
    std::size_t count = 0;
    const value details = member(exchange().state(), "connection_details");
    if (!details.is_array()) return 0;
    for (const auto& connection : details.as_array()) {
      const value streams = member(connection, "streams");
      if (!streams.is_array()) continue;
      for (const auto& stream : streams.as_array()) {
        if (stream.is_string() && stream.as_string() == trade_stream(symbol)) ++count;
      }
    }
    return count;
  }

  // pricewatch_watched_alerts of one watcher process (its /metrics), -1 when unreadable.
  std::int64_t watched_by(const service_process& watcher) {
    const http_response metrics = http_client(watcher.port()).get("/metrics");
    const std::string name = "\npricewatch_watched_alerts ";
    const auto at = metrics.body.find(name);
    if (metrics.status != 200 || at == std::string::npos) return -1;
    return std::stoll(metrics.body.substr(at + name.size()));
  }

  // Waits until both watchers' engines hold exactly `count` alerts: they heard of every change.
  void wait_for_watched(std::int64_t count) {
    EXPECT_TRUE(eventually([&] { return watched_by(*watchers_[0]) == count && watched_by(*watchers_[1]) == count; }, 20s))
        << "watchers hold " << watched_by(*watchers_[0]) << " and " << watched_by(*watchers_[1]) << " alerts, not "
        << count;
  }

  // Kraken connections following the pair: one per watcher.
  std::size_t kraken_subscribers(std::string_view pair) {
    std::size_t count = 0;
    const value details = member(member(exchange().state(), "kraken"), "connection_details");
    if (!details.is_array()) return 0;
    for (const auto& connection : details.as_array()) {
      const value pairs = member(connection, "subscriptions");
      if (!pairs.is_array()) continue;
      for (const auto& each : pairs.as_array()) {
        if (each.is_string() && each.as_string() == pair) ++count;
      }
    }
    return count;
  }

  void wait_for_both_watchers(std::string_view symbol) {
    EXPECT_TRUE(eventually([&] { return subscribers(symbol) == 2; }, 20s))
        << symbol << " is not watched by both watchers: " << boost::json::serialize(exchange().state());
  }

  // The ids of the owner's active alerts (GET /api/v1/alerts?status=created, one cached page),
  // through the api process in use.
  std::set<std::int64_t> listed(const test_user& owner) {
    const http_response page = api().get("/api/v1/alerts?status=created&page_size=100", bearer(owner.token));
    EXPECT_EQ(page.status, 200u) << page.body;
    std::set<std::int64_t> ids;
    const value items = member(page.json(), "results");
    if (!items.is_array()) return ids;
    for (const auto& item : items.as_array()) ids.insert(integer_of(member(item, "id")));
    return ids;
  }

  // Waits until every one of the alerts has exactly one mail, and checks that none has two.
  void expect_one_mail_each(const std::set<std::int64_t>& alerts, std::chrono::seconds deadline) {
    const bool all = eventually(
        [&] {
          const auto mails = mails_by_alert();
          return std::all_of(alerts.begin(), alerts.end(), [&](std::int64_t id) { return mails.contains(id); });
        },
        deadline);
    const auto mails = mails_by_alert();
    for (const auto id : alerts) {
      const auto found = mails.find(id);
      EXPECT_TRUE(found != mails.end()) << "alert " << id << " never emailed";
      if (found != mails.end()) {
        EXPECT_EQ(found->second.size(), 1u) << "alert " << id << " emailed twice";
      }
    }
    EXPECT_TRUE(all);
  }

  std::unique_ptr<test_support::scratch_database> scratch_;
  std::vector<service_process*> apis_;
  std::vector<service_process*> watchers_;
  std::size_t via_ = 0;
};

class cluster_on : public cluster_test, public ::testing::WithParamInterface<std::string> {
 protected:
  std::string database_backend() const override { return GetParam(); }
  int isolation_index() const override { return GetParam() == "postgresql" ? 1 : 2; }
};

TEST_P(cluster_on, every_alert_emails_once_across_two_of_each_process) {
  use_api(0);
  const test_user alice = register_user("cluster-alice");
  use_api(1);
  const test_user bob = register_user("cluster-bob");
  // A token issued by one api process is good on the other: one secret, one database.
  use_api(0);
  EXPECT_TRUE(listed(bob).empty());

  std::set<std::int64_t> to_fire;
  std::map<std::int64_t, const test_user*> owners;
  for (int i = 0; i < 5; ++i) {
    use_api(static_cast<std::size_t>(i % 2));
    owners[create_alert(alice, "BTCUSDT", "above", "51000")] = &alice;
    owners[create_alert(bob, "BTCUSDT", "below", "49000")] = &bob;
    owners[create_alert(bob, "ETHUSDT", "above", "3000")] = &bob;
  }
  // One on Kraken, made through the other api process than its price is read from below. The fake
  // lists a pair once it has a price: Kraken refuses to subscribe to a pair it does not list.
  exchange().set_price("BTC/USD", "50000");
  use_api(1);
  const http_response kraken = api().post(
      "/api/v1/alerts", R"({"exchange": "kraken", "symbol": "BTC/USD", "condition": "above", "price": "60000"})",
      bearer(alice.token));
  ASSERT_EQ(kraken.status, 201u) << kraken.body;
  const auto on_kraken = integer_of(member(kraken.json(), "id"));
  owners[on_kraken] = &alice;
  for (const auto& [id, owner] : owners) to_fire.insert(id);
  const auto doomed = create_alert(alice, "BTCUSDT", "above", "50500");
  wait_for_both_watchers("BTCUSDT");
  wait_for_both_watchers("ETHUSDT");
  EXPECT_TRUE(eventually([&] { return kraken_subscribers("BTC/USD") == 2; }, 20s))
      << "BTC/USD is not followed on Kraken by both watchers: " << boost::json::serialize(exchange().state());

  // Both api processes cache alice's list; a delete through one is seen at once through the other.
  use_api(0);
  EXPECT_TRUE(listed(alice).contains(doomed));
  use_api(1);
  EXPECT_TRUE(listed(alice).contains(doomed));
  use_api(0);
  EXPECT_EQ(api().remove("/api/v1/alerts/" + std::to_string(doomed), bearer(alice.token)).status, 204u);
  use_api(1);
  EXPECT_FALSE(listed(alice).contains(doomed));
  EXPECT_EQ(status_of(alice, doomed), "deleted");
  wait_for_watched(static_cast<std::int64_t>(to_fire.size()));

  exchange().set_price("BTCUSDT", "51000.5");
  exchange().set_price("ETHUSDT", "3000");
  exchange().set_price("BTC/USD", "60000.5");
  // Bob's "below 49000" alerts fire on the way down.
  exchange().set_price("BTCUSDT", "48999");
  expect_one_mail_each(to_fire, 30s);
  for (const auto id : to_fire) {
    use_api(static_cast<std::size_t>(id % 2));
    EXPECT_EQ(status_of(*owners.at(id), id), "triggered") << "alert " << id;
  }
  // Fresh on both api processes: their cached lists show the alerts triggered.
  for (std::size_t via = 0; via < 2; ++via) {
    use_api(via);
    const http_response triggered = api().get("/api/v1/alerts?status=triggered&page_size=100", bearer(bob.token));
    ASSERT_EQ(triggered.status, 200u);
    EXPECT_EQ(integer_of(member(triggered.json(), "count")), 10) << triggered.body;
  }
  EXPECT_EQ(status_of(alice, doomed), "deleted");
  EXPECT_FALSE(mails_by_alert().contains(doomed));
  // The Kraken alert: its exchange on the alert, its firing and its mail, through either api process.
  for (std::size_t via = 0; via < 2; ++via) {
    use_api(via);
    EXPECT_EQ(string_of(member(alert(alice, on_kraken), "exchange")), "kraken");
    const http_response firings =
        api().get("/api/v1/alerts/" + std::to_string(on_kraken) + "/firings", bearer(alice.token));
    ASSERT_EQ(firings.status, 200u) << firings.body;
    const value results = member(firings.json(), "results");
    ASSERT_TRUE(results.is_array() && results.as_array().size() == 1u) << firings.body;
    EXPECT_EQ(string_of(member(results.as_array()[0], "exchange")), "kraken");
    EXPECT_EQ(string_of(member(results.as_array()[0], "price")), "60000.5");
  }
  const auto kraken_mails = mails_by_alert();
  ASSERT_TRUE(kraken_mails.contains(on_kraken));
  EXPECT_EQ(kraken_mails.at(on_kraken).at(0).header("Subject"), "Price Alert: BTC/USD on Kraken at 60000.50");
  // The api processes follow no feed; the watchers' last prices reach them through RabbitMQ.
  for (std::size_t via = 0; via < 2; ++via) {
    use_api(via);
    EXPECT_TRUE(eventually([&] {
      const http_response last = api().get("/api/v1/prices/BTCUSDT");
      return last.status == 200 && string_of(member(last.json(), "price")) == "48999" &&
             string_of(member(last.json(), "source")) == "feed";
    })) << api().get("/api/v1/prices/BTCUSDT").body;
    // Kraken's price too, by its exchange: the watchers' price messages say whose price it is.
    EXPECT_TRUE(eventually([&] {
      const http_response last = api().get("/api/v1/prices/kraken/BTC/USD");
      return last.status == 200 && string_of(member(last.json(), "price")) == "60000.5" &&
             string_of(member(last.json(), "exchange")) == "kraken";
    })) << api().get("/api/v1/prices/kraken/BTC/USD").body;
  }
  EXPECT_EQ(mail().count(), to_fire.size());
}

INSTANTIATE_TEST_SUITE_P(backends, cluster_on, ::testing::Values("postgresql", "mysql"),
                         [](const ::testing::TestParamInfo<std::string>& backend) { return backend.param; });

class cluster_failures : public cluster_test {
 protected:
  std::string database_backend() const override { return "postgresql"; }
  int isolation_index() const override { return 3; }
};

TEST_F(cluster_failures, firings_survive_restarts_of_rabbitmq_redis_and_the_database) {
  use_api(0);
  const test_user carol = register_user("cluster-carol");
  std::set<std::int64_t> fired;
  // Each wave has alerts of a symbol of its own; both watchers hold them (and follow the symbol)
  // before the server goes down.
  const std::vector<std::pair<std::string, std::string>> waves{
      {"rabbitmq", "ETHUSDT"}, {"redis", "BNBUSDT"}, {"postgres", "SOLUSDT"}};
  for (const auto& [server, symbol] : waves) {
    SCOPED_TRACE("restarting " + server);
    std::set<std::int64_t> batch;
    for (int i = 0; i < 4; ++i) batch.insert(create_alert(carol, symbol, "above", std::to_string(100 + i)));
    wait_for_both_watchers(symbol);
    wait_for_watched(4);
    test_servers("stop-one " + server);
    if (server == "postgres") {
      // The database is down: the api answers 503 with the error body, and does not hang.
      const std::string body = R"({"symbol":"BTCUSDT","condition":"above","price":"1"})";
      const http_response down = api().post("/api/v1/alerts", body, bearer(carol.token));
      EXPECT_EQ(down.status, 503u) << down.body;
      EXPECT_NE(down.body.find("\"error\""), std::string::npos) << down.body;
    }
    if (server == "redis") {
      // Redis is down: lists come from the database.
      const http_response list = api().get("/api/v1/alerts?page_size=100", bearer(carol.token));
      EXPECT_EQ(list.status, 200u) << list.body;
    }
    // The crossing happens during the outage.
    exchange().set_price(symbol, "200");
    test_servers("start-one " + server);
    fired.insert(batch.begin(), batch.end());
    expect_one_mail_each(fired, 60s);
    for (const auto id : batch) EXPECT_TRUE(wait_for_status(carol, id, "triggered"));
  }
  // Everything resumed by itself: a new alert still fires and emails once.
  const auto last = create_alert(carol, "XRPUSDT", "below", "1");
  wait_for_both_watchers("XRPUSDT");
  exchange().set_price("XRPUSDT", "0.5");
  fired.insert(last);
  expect_one_mail_each(fired, 30s);
  EXPECT_EQ(mail().count(), fired.size());
}

}  // namespace
}  // namespace pricewatch::e2e
