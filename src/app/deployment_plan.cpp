#include "app/deployment_plan.hpp"

#include "config/mail_url.hpp"
#include "feed/endpoint.hpp"
#include "notify/mail_sender.hpp"
#include "storage/database.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <filesystem>
#include <stdexcept>

namespace pricewatch {
namespace {

endpoint parse_setting(std::string_view key, const std::string& url) {
  try {
    return parse_endpoint(url);
  } catch (const std::invalid_argument& error) {
    throw std::invalid_argument(std::string(key) + ": " + error.what());
  }
}

watcher_config plan_watcher(const config& settings, const service_options& options, exchange_id exchange,
                            bool reconcile) {
  watcher_config watching;
  watching.feed = plan_feed(settings, exchange);
  watching.max_staleness = std::chrono::seconds(settings.feed.max_staleness_seconds);
  watching.symbols = options.symbols;
  // Changes that reach the watcher over a bus or only through the database may be missed.
  if (reconcile) watching.reconcile_interval = reconcile_interval;
  return watching;
}

std::string describe(const deployment_plan& plan, const config& settings) {
  std::vector<std::string> roles;
  if (plan.roles.api) roles.emplace_back("api");
  if (plan.roles.watcher) {
    std::vector<std::string> watched;
    if (!plan.roles.exchanges.empty()) {
      for (const auto& [exchange, watcher] : plan.watchers) watched.emplace_back(exchange_name(exchange));
    }
    watched.insert(watched.end(), plan.roles.symbols.begin(), plan.roles.symbols.end());
    roles.emplace_back(watched.empty() ? "watcher" : fmt::format("watcher of {}", fmt::join(watched, ",")));
  }
  if (plan.roles.notifier) roles.emplace_back("notifier");
  return fmt::format("{} with {} and the {} cache", fmt::join(roles, " + "),
                     plan.queue == queue::queue_backend::rabbitmq ? "RabbitMQ" : "in-process queue",
                     settings.cache.url.substr(0, settings.cache.url.find(':')));
}

}  // namespace

feed_settings plan_feed(const config& settings, exchange_id exchange) {
  feed_settings feed;
  feed.exchange = exchange;
  feed.poll_interval = std::chrono::seconds(settings.feed.poll_seconds);
  const auto set_urls = [&](std::string_view key, const config::exchange_urls& urls) {
    const std::string prefix = "feed." + std::string(key) + ".";
    feed.stream_endpoint = parse_setting(prefix + "ws_url", urls.ws_url);
    feed.rest_endpoint = parse_setting(prefix + "rest_url", urls.rest_url);
  };
  switch (exchange) {
    case exchange_id::binance:
      // feed.source chooses polling only for Binance, whose keys are feed.ws_url and feed.rest_url.
      feed.source = settings.feed.source == "binance-rest" ? feed_source::rest : feed_source::stream;
      feed.stream_endpoint = parse_setting("feed.ws_url", settings.feed.ws_url);
      feed.rest_endpoint = parse_setting("feed.rest_url", settings.feed.rest_url);
      break;
    case exchange_id::binanceus:
      set_urls("binanceus", settings.feed.binanceus);
      break;
    case exchange_id::coinbase:
      set_urls("coinbase", settings.feed.coinbase);
      break;
    case exchange_id::kraken:
      set_urls("kraken", settings.feed.kraken);
      break;
  }
  return feed;
}

deployment_plan plan_deployment(const config& settings, const service_options& options) {
  deployment_plan plan;
  plan.roles = options;
  plan.queue = queue::queue_backend_of(settings.queue.url);
  const bool scaled_out = plan.queue == queue::queue_backend::rabbitmq;
  const bool shared_database = database_is_shared(settings.database.url);
  plan.generated_token_secret = settings.auth.jwt_secret.empty();
  if (options.api && shared_database && plan.generated_token_secret) {
    // Every api process must sign and check tokens with the same secret, and an operator should
    // own it: in the scale-out mode it is not generated (DESIGN.md section 2).
    throw std::invalid_argument(
        "auth.jwt_secret: required with a PostgreSQL or MySQL database; set PRICEWATCH_AUTH_JWT_SECRET "
        "(at least 32 random bytes) in the environment or the config file");
  }
  if (options.watcher) {
    // Every exchange's URLs are checked now, so that a bad one stops startup naming its key.
    const bool reconcile = scaled_out || !options.all_roles();
    for (const auto exchange : all_exchanges()) {
      auto watcher = plan_watcher(settings, options, exchange, reconcile);
      if (options.exchanges.empty() || options.exchanges.contains(exchange)) plan.watchers[exchange] = std::move(watcher);
    }
  }
  if (options.api) {
    for (const auto exchange : all_exchanges()) {
      auto feed = plan_feed(settings, exchange);
      feed.source = feed_source::rest;  // the list only: an api process opens no stream
      plan.instrument_feeds[exchange] = std::move(feed);
    }
    // Only its REST URL: an api process opens no stream.
    plan.ticker_feed.exchange = exchange_id::binance;
    plan.ticker_feed.rest_endpoint = parse_setting("feed.rest_url", settings.feed.rest_url);
  }
  plan.relay_jobs = scaled_out && (options.watcher || options.notifier);
  plan.pending_due_at_start = !scaled_out && options.all_roles();
  plan.mirror_prices = scaled_out && options.api && !options.watcher;
  if (!options.all_roles() && !scaled_out) {
    plan.warnings.push_back(fmt::format(
        "roles split over processes with queue.url local://: new alerts reach watchers within {} s and emails go out "
        "within 1 s, through the database; amqp:// makes both immediate",
        reconcile_interval.count()));
  }
  if (plan.roles.notifier || plan.roles.api) {
    const auto outbox = std::filesystem::absolute(mail_config{}.outbox_folder).lexically_normal();
    plan.mail_destination = describe_mail_destination(settings.mail.url, outbox.string());
  }
  plan.description = describe(plan, settings);
  return plan;
}

}  // namespace pricewatch
