// Tests the alerts' exchange column on every backend (SQLite, PostgreSQL, MariaDB): an alert keeps
// its exchange (and its symbol in that exchange's form, a Kraken pair's slash included) through
// create, find, list (filtered by exchange), update, load_active (which each exchange's watcher
// takes its own from), fire, its firings and its outbox row; the same symbol on two exchanges is
// two alerts apart; a value the column does not allow is refused by the database itself.
#include "storage/soci/soci_alert_store.hpp"

#include "outbox_database.hpp"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <limits>
#include <map>
#include <span>
#include <vector>

namespace pricewatch {
namespace {

using namespace std::chrono_literals;

class soci_alert_exchange_test : public ::testing::TestWithParam<std::string> {
 protected:
  test_support::outbox_database db_{GetParam()};
  alert_store& alerts() { return db_.database->alerts(); }

  std::int64_t create_on(exchange_id exchange, std::string symbol, std::string_view target = "60000") {
    auto request = level_request(std::move(symbol), alert_condition::above, *price::parse(target));
    request.exchange = exchange;
    return alerts().create(db_.user_id, request, db_.clock.now()).id;
  }
  alert_filter on(std::optional<exchange_id> exchange, std::optional<std::string> symbol = std::nullopt) {
    alert_filter filter;
    filter.user_id = db_.user_id;
    filter.exchange = exchange;
    filter.symbol = std::move(symbol);
    return filter;
  }
};

TEST_P(soci_alert_exchange_test, each_alert_keeps_its_exchange_and_symbol_form_through_every_read) {
  const std::map<exchange_id, std::int64_t> made{
      {exchange_id::binance, create_on(exchange_id::binance, "BTCUSDT")},
      {exchange_id::binanceus, create_on(exchange_id::binanceus, "BTCUSDT")},
      {exchange_id::coinbase, create_on(exchange_id::coinbase, "BTC-USD")},
      {exchange_id::kraken, create_on(exchange_id::kraken, "BTC/USD")},
  };
  for (const auto& [exchange, id] : made) {
    const auto found = db_.find(id);
    ASSERT_TRUE(found) << exchange_name(exchange);
    EXPECT_EQ(found->exchange, exchange);
  }
  EXPECT_EQ(db_.find(made.at(exchange_id::kraken))->symbol, "BTC/USD");

  // Listing by exchange, and the same symbol on two exchanges told apart.
  EXPECT_EQ(alerts().count(on(std::nullopt)), 4);
  for (const auto& [exchange, id] : made) {
    EXPECT_EQ(alerts().count(on(exchange)), 1) << exchange_name(exchange);
    const auto listed = alerts().list(on(exchange), list_order::newest_first, 0, 10);
    ASSERT_EQ(listed.size(), 1u) << exchange_name(exchange);
    EXPECT_EQ(listed[0].id, id);
    EXPECT_EQ(listed[0].exchange, exchange);
  }
  EXPECT_EQ(alerts().count(on(std::nullopt, "BTCUSDT")), 2);
  const auto binanceus = alerts().list(on(exchange_id::binanceus, "BTCUSDT"), list_order::newest_first, 0, 10);
  ASSERT_EQ(binanceus.size(), 1u);
  EXPECT_EQ(binanceus[0].id, made.at(exchange_id::binanceus));

  // Each watcher takes its own exchange's from load_active.
  std::map<std::int64_t, exchange_id> active;
  for (const auto& watched : alerts().load_active()) active[watched.id] = watched.exchange;
  ASSERT_EQ(active.size(), 4u);
  for (const auto& [exchange, id] : made) EXPECT_EQ(active.at(id), exchange) << exchange_name(exchange);

  // A change keeps the exchange.
  auto request = level_request("ETH/USD", alert_condition::below, *price::parse("3000"));
  request.exchange = exchange_id::kraken;
  const auto changed = alerts().update(db_.user_id, made.at(exchange_id::kraken), request, alert_status::created);
  ASSERT_EQ(changed.outcome, change_outcome::changed);
  EXPECT_EQ(changed.changed->exchange, exchange_id::kraken);
  EXPECT_EQ(db_.find(made.at(exchange_id::kraken))->symbol, "ETH/USD");
}

// A watcher reads its exchange's active alerts a page at a time (issue 17): each page the next
// ids of that exchange's created alerts, by id, none of another exchange's or of another status.
TEST_P(soci_alert_exchange_test, the_active_alerts_of_one_exchange_come_page_by_page_by_id) {
  std::vector<std::int64_t> coinbase;
  for (int index = 0; index < 5; ++index) {
    coinbase.push_back(create_on(exchange_id::coinbase, "BTC-USD"));
    create_on(exchange_id::kraken, "BTC/USD");
  }
  ASSERT_EQ(alerts().mark_deleted(db_.user_id, coinbase[2]), delete_outcome::deleted);
  const auto ids_of = [](const std::vector<watched_alert>& page) {
    std::vector<std::int64_t> ids;
    for (const auto& item : page) ids.push_back(item.id);
    return ids;
  };
  const auto first = alerts().load_active_after(exchange_id::coinbase, std::numeric_limits<std::int64_t>::min(), 2);
  EXPECT_EQ(ids_of(first), (std::vector<std::int64_t>{coinbase[0], coinbase[1]}));
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].exchange, exchange_id::coinbase);
  EXPECT_EQ(first[0].symbol, "BTC-USD");
  EXPECT_EQ(first[0].target, price::parse("60000").value()) << "every bit of a 64-bit target";
  EXPECT_EQ(first[0].created_at, db_.find(coinbase[0])->created_at);
  const auto second = alerts().load_active_after(exchange_id::coinbase, coinbase[1], 2);
  EXPECT_EQ(ids_of(second), (std::vector<std::int64_t>{coinbase[3], coinbase[4]})) << "the deleted one skipped";
  EXPECT_TRUE(alerts().load_active_after(exchange_id::coinbase, coinbase[4], 2).empty());
  EXPECT_TRUE(alerts().load_active_after(exchange_id::binance, 0, 2).empty());
  EXPECT_EQ(alerts().load_active_after(exchange_id::kraken, 0, 100).size(), 5u);
}

TEST_P(soci_alert_exchange_test, a_firing_and_its_outbox_row_name_the_alerts_exchange) {
  const auto coinbase = create_on(exchange_id::coinbase, "BTC-USD");
  const auto binance = create_on(exchange_id::binance, "BTCUSDT");
  db_.clock.advance(1s);
  const auto records = db_.fire({coinbase, binance}, "61000.5");
  ASSERT_EQ(records.size(), 2u);
  std::map<std::int64_t, exchange_id> fired;
  for (const auto& record : records) fired[record.alert_id] = record.exchange;
  EXPECT_EQ(fired.at(coinbase), exchange_id::coinbase);
  EXPECT_EQ(fired.at(binance), exchange_id::binance);

  const auto firings = alerts().list_firings(firing_filter{db_.user_id, coinbase, std::nullopt, std::nullopt}, 0, 10);
  ASSERT_EQ(firings.size(), 1u);
  EXPECT_EQ(firings[0].exchange, exchange_id::coinbase);
  EXPECT_EQ(firings[0].symbol, "BTC-USD");
  const auto all = alerts().list_firings(firing_filter{db_.user_id, std::nullopt, std::nullopt, std::nullopt}, 0, 10);
  ASSERT_EQ(all.size(), 2u);
  for (const auto& firing : all) EXPECT_EQ(firing.exchange, fired.at(firing.alert_id)) << "firing " << firing.id;

  std::map<std::int64_t, std::string> rows;
  for (const auto& row : db_.notifications().claim_due(db_.clock.now() + 1s, 100, 60s)) rows[row.alert_id] = row.exchange;
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows.at(coinbase), "coinbase");
  EXPECT_EQ(rows.at(binance), "binance");
}

TEST_P(soci_alert_exchange_test, the_database_refuses_an_exchange_it_does_not_know) {
  const auto id = create_on(exchange_id::kraken, "BTC/USD");
  EXPECT_THROW(db_.scratch.run("UPDATE alerts SET exchange = 'bitstamp' WHERE id = " + std::to_string(id)),
               soci::soci_error);
  EXPECT_EQ(db_.find(id)->exchange, exchange_id::kraken);
}

INSTANTIATE_TEST_SUITE_P(backends, soci_alert_exchange_test, ::testing::ValuesIn(test_support::database_backends()),
                         test_support::backend_name);

}  // namespace
}  // namespace pricewatch
