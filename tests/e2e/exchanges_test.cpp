// Four exchanges end to end (DESIGN.md section 11): pricewatch against four fake exchanges, each
// started as its exchange (Binance, Binance.US in Binance's format, Coinbase Exchange, Kraken v2).
// Alerts on each fire exactly once from their own exchange's trades, never from another's; one
// exchange down delays no other; a symbol its exchange does not list is refused once the list is
// known; prices are shown per exchange.
#include "eventually.hpp"
#include "service_process.hpp"
#include "watch_fixture.hpp"

#include <boost/json/serialize.hpp>

#include <csignal>

namespace pricewatch::e2e {
namespace {

using boost::json::value;

class exchanges_test : public watch_test {
 protected:
  // The fakes of Binance.US, Coinbase and Kraken; Binance's is the fixture's own, exchange().
  std::unique_ptr<service_process> binanceus_process, coinbase_process, kraken_process;
  std::unique_ptr<exchange_control> binanceus, coinbase, kraken;

  static std::unique_ptr<service_process> start_fake(const std::filesystem::path& directory, std::string symbol) {
    service_options options;
    options.binary = PRICEWATCH_PYTHON;
    // Known from the start, so that the exchange's instrument list is not empty.
    options.arguments = {(std::filesystem::path(PRICEWATCH_FIXTURES) / "fake_exchange.py").string(), "--port", "0",
                         "--symbol", std::move(symbol)};
    options.working_directory = directory;
    return std::make_unique<service_process>(std::move(options));
  }

  void start_services() override {
    binanceus_process = start_fake(directory(), "BTCUSDT=50000");
    coinbase_process = start_fake(directory(), "BTC-USD=50000");
    kraken_process = start_fake(directory(), "BTC/USD=50000");
    binanceus = std::make_unique<exchange_control>(binanceus_process->port());
    coinbase = std::make_unique<exchange_control>(coinbase_process->port());
    kraken = std::make_unique<exchange_control>(kraken_process->port());
    const std::string host = "127.0.0.1:";
    const auto urls = [&](std::string name, const service_process& fake, std::string ws_path) {
      extra_environment.emplace_back("PRICEWATCH_FEED_" + name + "_WS_URL",
                                     "ws://" + host + std::to_string(fake.port()) + ws_path);
      extra_environment.emplace_back("PRICEWATCH_FEED_" + name + "_REST_URL",
                                     "http://" + host + std::to_string(fake.port()));
    };
    urls("BINANCEUS", *binanceus_process, "");
    urls("COINBASE", *coinbase_process, "");
    urls("KRAKEN", *kraken_process, "/v2");
    start_pricewatch();
  }

  std::int64_t create_on(const test_user& owner, std::string_view exchange, std::string_view symbol,
                         std::string_view price) {
    const auto body = boost::json::serialize(
        value{{"exchange", exchange}, {"symbol", symbol}, {"condition", "above"}, {"price", price}});
    const auto created = api().post("/api/v1/alerts", body, bearer(owner.token));
    EXPECT_EQ(created.status, 201u) << body << " -> " << created.body;
    return created.status == 201 ? integer_of(member(created.json(), "id")) : 0;
  }
  std::int64_t fire_count(const test_user& owner, std::int64_t id) {
    const auto count = member(alert(owner, id), "fire_count");
    return count.is_int64() ? count.as_int64() : -1;
  }
};

TEST_F(exchanges_test, alerts_on_four_exchanges_fire_once_each_from_their_own_feed_and_one_down_delays_none) {
  const auto owner = register_user("four-exchanges");
  const auto on_binance = create_on(owner, "binance", "BTCUSDT", "60000");
  const auto on_binanceus = create_on(owner, "binanceus", "BTCUSDT", "60000");
  const auto on_coinbase = create_on(owner, "coinbase", "BTC-USD", "60000");
  const auto on_kraken = create_on(owner, "kraken", "BTC/USD", "60000");
  ASSERT_TRUE(exchange().wait_for_subscription("BTCUSDT"));
  ASSERT_TRUE(binanceus->wait_for_subscription("BTCUSDT"));
  ASSERT_TRUE(coinbase->wait_for_follow("coinbase", "BTC-USD"));
  ASSERT_TRUE(kraken->wait_for_follow("kraken", "BTC/USD"));

  // Binance.US's trade fires Binance.US's alert only, although Binance's has the same symbol.
  EXPECT_EQ(binanceus->set_price("BTCUSDT", "61000"), 1);
  ASSERT_TRUE(wait_for_status(owner, on_binanceus, "triggered"));
  EXPECT_EQ(status_of(owner, on_binance), "created");
  EXPECT_EQ(member(alert(owner, on_binanceus), "triggered_price"), value("61000"));

  // Coinbase's fake dies: the others fire as promptly as ever.
  coinbase_process->send_signal(SIGKILL);
  EXPECT_EQ(coinbase_process->wait_for_exit(std::chrono::seconds(10)), std::optional<int>(128 + SIGKILL));
  const auto killed_at = std::chrono::steady_clock::now();
  EXPECT_EQ(exchange().set_price("BTCUSDT", "61500"), 1);
  EXPECT_EQ(kraken->set_price("BTC/USD", "62000"), 1);
  ASSERT_TRUE(wait_for_status(owner, on_binance, "triggered"));
  ASSERT_TRUE(wait_for_status(owner, on_kraken, "triggered"));
  EXPECT_LT(std::chrono::steady_clock::now() - killed_at, std::chrono::seconds(5)) << "delayed by Coinbase's outage";
  EXPECT_EQ(member(alert(owner, on_binance), "triggered_price"), value("61500"));
  EXPECT_EQ(member(alert(owner, on_kraken), "triggered_price"), value("62000"));
  EXPECT_EQ(status_of(owner, on_coinbase), "created");
  const auto ready = api().get("/readyz");
  EXPECT_EQ(member(member(member(member(ready.json(), "checks"), "exchanges"), "coinbase"), "status"), value("down"))
      << ready.body;
  EXPECT_TRUE(eventually([&] { return metric("pricewatch_exchange_live{exchange=\"kraken\"}") == 1; }));

  // Coinbase back on the same port is out of reach for a test; a fresh alert on Kraken shows the
  // feeds still follow, and prices that cross the fired alerts again fire nothing more (their
  // symbols are no longer followed once their only alerts fired, so these may reach no stream).
  kraken->set_price("BTC/USD", "63000");
  exchange().set_price("BTCUSDT", "64000");
  binanceus->set_price("BTCUSDT", "65000");
  const auto sentinel = create_on(owner, "kraken", "BTC/USD", "63500");
  ASSERT_TRUE(kraken->wait_for_follow("kraken", "BTC/USD"));
  EXPECT_EQ(kraken->set_price("BTC/USD", "64000"), 1);
  ASSERT_TRUE(wait_for_status(owner, sentinel, "triggered"));
  ASSERT_TRUE(mail().wait_for_count(4)) << mail().count() << " mails";
  for (const auto id : {on_binance, on_binanceus, on_kraken, sentinel}) {
    EXPECT_EQ(fire_count(owner, id), 1) << "alert " << id;
  }
  const auto mails = mails_by_alert();
  EXPECT_EQ(mails.size(), 4u);
  for (const auto& [id, received] : mails) EXPECT_EQ(received.size(), 1u) << "mails for alert " << id;

  // Each exchange's price on its own route; the old route is Binance's.
  const auto kraken_price = api().get("/api/v1/prices/kraken/BTC/USD");
  EXPECT_EQ(kraken_price.status, 200u) << kraken_price.body;
  EXPECT_EQ(member(kraken_price.json(), "price"), value("64000"));
  EXPECT_EQ(member(api().get("/api/v1/prices/binanceus/BTCUSDT").json(), "price"), value("61000"))
      << "the last price Binance.US's watcher followed";
  EXPECT_EQ(member(api().get("/api/v1/prices/BTCUSDT").json(), "exchange"), value("binance"));
}

TEST_F(exchanges_test, a_symbol_its_exchange_does_not_list_is_refused_once_the_list_is_known) {
  const auto owner = register_user("listed-symbols");
  const std::string unlisted = R"({"exchange": "kraken", "symbol": "NOPE/USD", "price": "1"})";
  // The lists are asked at start: until Kraken's is in, the symbol is accepted.
  ASSERT_TRUE(eventually([&] { return api().post("/api/v1/alerts", unlisted, bearer(owner.token)).status == 400; }));
  const auto refused = api().post("/api/v1/alerts", unlisted, bearer(owner.token));
  EXPECT_EQ(member(member(refused.json(), "error"), "message"), value("NOPE/USD is not listed on kraken."));
  EXPECT_EQ(api().post("/api/v1/alerts", R"({"exchange": "kraken", "symbol": "BTC/USD", "price": "1"})",
                       bearer(owner.token))
                .status,
            201u);
  // Coinbase's fake lists BTC-USD only, Binance's nothing (an empty list is no answer: all accepted).
  EXPECT_TRUE(eventually([&] {
    return api().post("/api/v1/alerts", R"({"exchange": "coinbase", "symbol": "NOPE-USD", "price": "1"})",
                      bearer(owner.token))
               .status == 400;
  }));
  EXPECT_EQ(api().post("/api/v1/alerts", R"({"symbol": "NOPEUSDT", "price": "1"})", bearer(owner.token)).status, 201u);
}

}  // namespace
}  // namespace pricewatch::e2e
