#include "app/application.hpp"

#include "app/alert_reactions.hpp"
#include "app/api_role.hpp"
#include "app/delivery_workers.hpp"
#include "app/deployment_plan.hpp"
#include "app/lifecycle.hpp"
#include "app/open_database.hpp"
#include "api/services.hpp"
#include "auth/random_hex.hpp"
#include "cache/response_cache.hpp"
#include "core/blocking_pool.hpp"
#include "core/ip_networks.hpp"
#include "core/periodic_task.hpp"
#include "core/random.hpp"
#include "events/event_hub.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "queue/event_bus.hpp"
#include "storage/database.hpp"
#include "watch/price_board.hpp"
#include "watch/watcher.hpp"

#include <boost/asio/io_context.hpp>
#include <sodium.h>
#include <spdlog/spdlog.h>

#include <thread>

namespace pricewatch {
namespace {

// config checked both keys as it loaded them: parsing the proxies again cannot fail.
http::server_config server_settings(const config& settings) {
  http::server_config server;
  server.listen = settings.http.listen;
  server.origin.trusted_proxies = ip_networks::parse(settings.http.trusted_proxies).value();
  server.origin.public_url = settings.http.public_url;
  return server;
}

std::string listening_address(const std::string& listen, std::uint16_t port) {
  return "http://" + listen.substr(0, listen.rfind(':')) + ":" + std::to_string(port);
}

}  // namespace

// Wiring only: what each process runs is decided by plan_deployment, what reacts to which event
// by alert_reactions, and the stop sequence by lifecycle.
int run_service(const config& settings, const service_options& options) {
  const auto plan = plan_deployment(settings, options);
  for (const auto& warning : plan.warnings) spdlog::warn("{}", warning);
  if (!plan.mail_destination.empty()) spdlog::info("{}", plan.mail_destination);
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  system_wall_clock clock;
  steady_monotonic_clock monotonic;
  system_random random;
  // Alert changes and prices, within this process and (scaled out) between processes. Made first:
  // a queue.url this build cannot use is refused before the database is touched.
  auto bus = queue::make_event_bus(settings.queue.url, random_hex(8), monotonic);
  auto db = open_database(settings, clock);
  auto cache = make_response_cache(cache_config{settings.cache.url, std::chrono::seconds(settings.cache.ttl_seconds)},
                                   clock);
  boost::asio::io_context io;
  blocking_pool pool(static_cast<std::size_t>(settings.database.pool_size));
  // Argon2id on threads of its own, one per core: more would only share the cores, and logins
  // waiting for one never hold the threads that database work needs.
  blocking_pool hashing(std::max(1u, std::thread::hardware_concurrency()));
  price_board board;
  event_hub events;
  delivery_workers delivery(settings, plan, db->notifications(), db->channels(), pause_key(*db), clock, monotonic,
                            random);

  std::unique_ptr<watcher> prices;
  if (plan.roles.watcher) {
    prices = std::make_unique<watcher>(io, pool, db->alerts(), *cache, board, clock, monotonic, random,
                                       publishing_hooks(*bus, [&delivery] { delivery.outbox_changed(); }),
                                       plan.watching);
    bus->subscribe(engine_reactions(*prices, [&prices] { prices->reconcile(); }));
  }

  // The routes hold on to what they read: all of it lives as long as the server.
  http::metrics metrics;
  const api::operations operations{*db, metrics, board, delivery.counters(), *cache, plan.roles.watcher, clock};
  std::unique_ptr<api_role> api;
  std::unique_ptr<http::router> operations_only;
  if (plan.roles.api) {
    api = std::make_unique<api_role>(settings, *db, *cache, *bus, board, events, operations, clock, io.get_executor(),
                                     plan.ticker_feed, monotonic);
    bus->subscribe(cache_reactions(*cache));
    bus->subscribe(stream_reactions(events));
    if (plan.mirror_prices) bus->subscribe(price_mirror(board, clock));
  } else {
    operations_only = std::make_unique<http::router>(api::make_operations_router(operations));
  }
  http::server server(io, server_settings(settings), api ? api->routes() : *operations_only, metrics, pool, hashing,
                      clock, monotonic, random);
  const auto port = server.start();

  // Database housekeeping (SQLite: keeps the write-ahead log small).
  periodic_task housekeeping("database housekeeping", std::chrono::seconds(10), [&db] { db->maintain(); });

  // Start in order: the bus hears changes before the watcher loads, so none falls in between.
  bus->start();
  if (prices) prices->start();
  delivery.start();
  housekeeping.start();
  spdlog::info("listening on {}", listening_address(settings.http.listen, port));
  spdlog::info("serving as {}", plan.description);

  serve_until_signalled(io, server, static_cast<std::size_t>(settings.http.threads), [&] {
    if (prices) prices->stop();
    housekeeping.stop();
  });
  pool.join();
  hashing.join();
  delivery.stop();
  bus->stop();
  spdlog::info("stopped");
  return 0;
}

int run_migrations(const config& settings) {
  const system_wall_clock clock;
  open_database(settings, clock);
  spdlog::info("migrations done");
  return 0;
}

}  // namespace pricewatch
