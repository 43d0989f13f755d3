// Tests the deployment plan: which queue mode, secret, feed, reconciling and delivery a process
// gets from its configuration and roles, and which deployments are refused or warned about.
#include "app/deployment_plan.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace pricewatch {
namespace {

using namespace std::chrono_literals;

config scaled_out_config() {
  config settings;
  settings.queue.url = "amqp://pricewatch:secret@127.0.0.1:5672/%2f";
  settings.database.url = "postgresql://pricewatch:secret@127.0.0.1:5432/pricewatch";
  settings.auth.jwt_secret = std::string(40, 's');
  return settings;
}

service_options only(bool api, bool watcher, bool notifier) { return service_options{api, watcher, notifier, {}, {}}; }

TEST(plan_deployment, embedded_default_plays_every_role_in_process_and_generates_its_secret) {
  const auto plan = plan_deployment(config{}, service_options{});
  EXPECT_EQ(plan.queue, queue::queue_backend::in_process);
  EXPECT_TRUE(plan.roles.all_roles());
  EXPECT_TRUE(plan.generated_token_secret);
  EXPECT_EQ(plan.watchers.at(exchange_id::binance).reconcile_interval, 0s) << "every change arrives directly";
  EXPECT_EQ(plan.watchers.at(exchange_id::binance).feed.source, feed_source::stream);
  EXPECT_EQ(plan.watchers.at(exchange_id::binance).feed.stream_endpoint.host, "stream.binance.com");
  EXPECT_FALSE(plan.relay_jobs);
  EXPECT_TRUE(plan.pending_due_at_start);
  EXPECT_TRUE(plan.warnings.empty());
  EXPECT_EQ(plan.description, "api + watcher + notifier with in-process queue and the memory cache");
}

TEST(plan_deployment, says_where_the_mail_of_a_process_that_sends_any_goes) {
  const auto embedded = plan_deployment(config{}, service_options{});
  EXPECT_NE(embedded.mail_destination.find("mail is not sent"), std::string::npos) << embedded.mail_destination;
  EXPECT_NE(embedded.mail_destination.find("var/outbox"), std::string::npos) << embedded.mail_destination;

  auto settings = scaled_out_config();
  settings.mail.url = "smtp://alerts%40example.com:secret@smtp.example.com:587";
  const auto notifier = plan_deployment(settings, only(false, false, true));
  EXPECT_NE(notifier.mail_destination.find("smtp.example.com:587"), std::string::npos) << notifier.mail_destination;
  EXPECT_EQ(notifier.mail_destination.find("secret"), std::string::npos);
  EXPECT_EQ(plan_deployment(settings, only(false, true, false)).mail_destination, "") << "a watcher sends no mail";
}

TEST(plan_feed, each_exchange_follows_its_own_urls) {
  const config settings;
  const auto binance = plan_feed(settings, exchange_id::binance);
  EXPECT_EQ(binance.exchange, exchange_id::binance);
  EXPECT_EQ(binance.stream_endpoint.host, "stream.binance.com");
  EXPECT_EQ(binance.rest_endpoint.host, "api.binance.com");
  const auto binanceus = plan_feed(settings, exchange_id::binanceus);
  EXPECT_EQ(binanceus.exchange, exchange_id::binanceus);
  EXPECT_EQ(binanceus.stream_endpoint.host, "stream.binance.us");
  EXPECT_EQ(binanceus.stream_endpoint.port, "9443");
  EXPECT_EQ(binanceus.rest_endpoint.host, "api.binance.us");
  const auto coinbase = plan_feed(settings, exchange_id::coinbase);
  EXPECT_EQ(coinbase.stream_endpoint.host, "ws-feed.exchange.coinbase.com");
  EXPECT_TRUE(coinbase.stream_endpoint.tls);
  EXPECT_EQ(coinbase.rest_endpoint.host, "api.exchange.coinbase.com");
  const auto kraken = plan_feed(settings, exchange_id::kraken);
  EXPECT_EQ(kraken.stream_endpoint.host, "ws.kraken.com");
  EXPECT_EQ(kraken.stream_endpoint.base_path, "/v2");
  EXPECT_EQ(kraken.rest_endpoint.host, "api.kraken.com");
  EXPECT_EQ(kraken.poll_interval, 10s);
}

TEST(plan_feed, polling_only_is_binances_alone) {
  config settings;
  settings.feed.source = "binance-rest";
  EXPECT_EQ(plan_feed(settings, exchange_id::binance).source, feed_source::rest);
  EXPECT_EQ(plan_feed(settings, exchange_id::binanceus).source, feed_source::stream);
  EXPECT_EQ(plan_feed(settings, exchange_id::kraken).source, feed_source::stream);
}

TEST(plan_deployment, a_watcher_gets_every_exchanges_feed_and_a_malformed_url_names_its_key) {
  const auto plan = plan_deployment(config{}, service_options{});
  EXPECT_EQ(plan.watchers.size(), 4u);
  EXPECT_EQ(plan.watchers.at(exchange_id::coinbase).feed.exchange, exchange_id::coinbase);
  EXPECT_TRUE(plan_deployment(config{}, only(true, false, false)).watchers.empty());

  config settings;
  settings.feed.kraken.ws_url = "wss://";
  try {
    (void)plan_deployment(settings, service_options{});
    FAIL() << "a malformed Kraken URL was accepted";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("feed.kraken.ws_url"), std::string::npos) << error.what();
  }
}

TEST(plan_deployment, an_api_asks_binances_rest_url_for_tickers_and_a_malformed_one_names_its_key) {
  config settings;
  settings.feed.rest_url = "http://127.0.0.1:9000/base";
  const auto plan = plan_deployment(settings, only(true, false, false));
  EXPECT_EQ(plan.ticker_feed.exchange, exchange_id::binance);
  EXPECT_FALSE(plan.ticker_feed.rest_endpoint.tls);
  EXPECT_EQ(plan.ticker_feed.rest_endpoint.host, "127.0.0.1");
  EXPECT_EQ(plan.ticker_feed.rest_endpoint.port, "9000");
  EXPECT_EQ(plan.ticker_feed.rest_endpoint.base_path, "/base");

  settings.feed.rest_url = "gopher://x";
  try {
    (void)plan_deployment(settings, only(true, false, false));
    FAIL() << "accepted";
  } catch (const std::invalid_argument& error) {
    EXPECT_EQ(std::string(error.what()).rfind("feed.rest_url:", 0), 0u) << error.what();
  }
  EXPECT_NO_THROW(plan_deployment(settings, only(false, false, true))) << "a notifier asks no exchange";
}

TEST(plan_deployment, scaled_out_notifier_relays_jobs) {
  const auto plan = plan_deployment(scaled_out_config(), only(false, false, true));
  EXPECT_EQ(plan.queue, queue::queue_backend::rabbitmq);
  EXPECT_TRUE(plan.relay_jobs);
  EXPECT_FALSE(plan.pending_due_at_start) << "other processes may hold the leases";
  EXPECT_EQ(plan.description, "notifier with RabbitMQ and the memory cache");
}

TEST(plan_deployment, scaled_out_watcher_reconciles_and_relays_but_api_does_neither) {
  auto options = only(false, true, false);
  options.symbols = {"BTCUSDT", "ETHUSDT"};
  const auto watcher = plan_deployment(scaled_out_config(), options);
  EXPECT_EQ(watcher.watchers.at(exchange_id::binance).reconcile_interval, reconcile_interval);
  EXPECT_EQ(watcher.watchers.at(exchange_id::binance).symbols, options.symbols);
  EXPECT_TRUE(watcher.relay_jobs);
  EXPECT_EQ(watcher.description, "watcher of BTCUSDT,ETHUSDT with RabbitMQ and the memory cache");
  const auto api = plan_deployment(scaled_out_config(), only(true, false, false));
  EXPECT_FALSE(api.relay_jobs);
  EXPECT_FALSE(api.generated_token_secret);
  EXPECT_TRUE(api.mirror_prices) << "it has no watcher: prices come from the others'";
  EXPECT_FALSE(watcher.mirror_prices) << "its board follows its own feed";
  EXPECT_FALSE(plan_deployment(config{}, only(true, false, true)).mirror_prices) << "in process, nobody sends prices";
}

TEST(plan_deployment, refuses_a_shared_database_without_a_configured_secret_for_an_api) {
  auto settings = scaled_out_config();
  settings.auth.jwt_secret.clear();
  try {
    plan_deployment(settings, only(true, false, false));
    FAIL() << "accepted";
  } catch (const std::invalid_argument& error) {
    EXPECT_EQ(std::string(error.what()).rfind("auth.jwt_secret:", 0), 0u) << error.what();
  }
  EXPECT_NO_THROW(plan_deployment(settings, only(false, true, false))) << "a watcher signs no tokens";
}

TEST(plan_deployment, refuses_an_unknown_queue_and_bad_feed_urls_naming_the_setting) {
  config settings;
  settings.queue.url = "kafka://somewhere";
  EXPECT_THROW(plan_deployment(settings, service_options{}), std::invalid_argument);
  config bad_feed;
  bad_feed.feed.ws_url = "gopher://x";
  try {
    plan_deployment(bad_feed, service_options{});
    FAIL() << "accepted";
  } catch (const std::invalid_argument& error) {
    EXPECT_EQ(std::string(error.what()).rfind("feed.ws_url:", 0), 0u) << error.what();
  }
  // The api role reads each exchange's instrument list through its feed: only a process without
  // an api and a watcher never uses the feed.
  EXPECT_NO_THROW(plan_deployment(bad_feed, only(false, false, true))) << "notifier only: the feed is not used";
}

TEST(plan_deployment, warns_when_roles_are_split_without_a_broker_and_then_reconciles) {
  const auto plan = plan_deployment(config{}, only(false, true, false));
  ASSERT_EQ(plan.warnings.size(), 1u);
  EXPECT_NE(plan.warnings.front().find("amqp://"), std::string::npos) << plan.warnings.front();
  EXPECT_EQ(plan.watchers.at(exchange_id::binance).reconcile_interval, reconcile_interval);
  EXPECT_FALSE(plan.pending_due_at_start);
}

TEST(plan_deployment, a_watcher_given_exchanges_watches_those_only_each_with_its_own_feed_and_symbols) {
  auto options = only(false, true, false);
  options.exchanges = {exchange_id::kraken, exchange_id::coinbase};
  options.symbols = {"BTC/USD"};
  const auto plan = plan_deployment(scaled_out_config(), options);
  ASSERT_EQ(plan.watchers.size(), 2u);
  EXPECT_EQ(plan.watchers.at(exchange_id::kraken).feed.exchange, exchange_id::kraken);
  EXPECT_EQ(plan.watchers.at(exchange_id::kraken).feed.stream_endpoint.host, "ws.kraken.com");
  EXPECT_EQ(plan.watchers.at(exchange_id::coinbase).feed.exchange, exchange_id::coinbase);
  EXPECT_EQ(plan.watchers.at(exchange_id::kraken).symbols, options.symbols);
  EXPECT_FALSE(plan.watchers.contains(exchange_id::binance));
  EXPECT_EQ(plan.description, "watcher of coinbase,kraken,BTC/USD with RabbitMQ and the memory cache");
}

TEST(plan_deployment, an_api_asks_every_exchanges_instrument_list_over_rest_only) {
  const auto plan = plan_deployment(config{}, only(true, false, false));
  ASSERT_EQ(plan.instrument_feeds.size(), 4u);
  EXPECT_EQ(plan.instrument_feeds.at(exchange_id::kraken).rest_endpoint.host, "api.kraken.com");
  EXPECT_EQ(plan.instrument_feeds.at(exchange_id::kraken).source, feed_source::rest);
  EXPECT_TRUE(plan_deployment(config{}, only(false, true, true)).instrument_feeds.empty());
}

TEST(plan_deployment, follows_rest_when_asked) {
  config settings;
  settings.feed.source = "binance-rest";
  EXPECT_EQ(plan_deployment(settings, service_options{}).watchers.at(exchange_id::binance).feed.source, feed_source::rest);
}

}  // namespace
}  // namespace pricewatch
