#include "app/deployment_plan.hpp"

#include "feed/endpoint.hpp"
#include "storage/database.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

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

watcher_config plan_watcher(const config& settings, const service_options& options, bool reconcile) {
  watcher_config watching;
  watching.feed.source = settings.feed.source == "binance-rest" ? feed_source::rest : feed_source::stream;
  watching.feed.stream_endpoint = parse_setting("feed.ws_url", settings.feed.ws_url);
  watching.feed.rest_endpoint = parse_setting("feed.rest_url", settings.feed.rest_url);
  watching.feed.poll_interval = std::chrono::seconds(settings.feed.poll_seconds);
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
    roles.emplace_back(plan.roles.symbols.empty() ? "watcher"
                                                  : fmt::format("watcher of {}", fmt::join(plan.roles.symbols, ",")));
  }
  if (plan.roles.notifier) roles.emplace_back("notifier");
  return fmt::format("{} with {} and the {} cache", fmt::join(roles, " + "),
                     plan.queue == queue::queue_backend::rabbitmq ? "RabbitMQ" : "in-process queue",
                     settings.cache.url.substr(0, settings.cache.url.find(':')));
}

}  // namespace

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
  if (options.watcher) plan.watching = plan_watcher(settings, options, scaled_out || !options.all_roles());
  plan.relay_jobs = scaled_out && (options.watcher || options.notifier);
  plan.pending_due_at_start = !scaled_out && options.all_roles();
  plan.mirror_prices = scaled_out && options.api && !options.watcher;
  if (!options.all_roles() && !scaled_out) {
    plan.warnings.push_back(fmt::format(
        "roles split over processes with queue.url local://: new alerts reach watchers within {} s and emails go out "
        "within 1 s, through the database; amqp:// makes both immediate",
        reconcile_interval.count()));
  }
  plan.description = describe(plan, settings);
  return plan;
}

}  // namespace pricewatch
