#include "app/application.hpp"

#include "app/alert_reactions.hpp"
#include "app/api_role.hpp"
#include "alerts/instrument_check.hpp"
#include "alerts/instrument_lists.hpp"
#include "app/delivery_workers.hpp"
#include "app/deployment_plan.hpp"
#include "app/instrument_refresh.hpp"
#include "app/lifecycle.hpp"
#include "app/open_database.hpp"
#include "api/services.hpp"
#include "auth/random_hex.hpp"
#include "cache/response_cache.hpp"
#include "core/blocking_pool.hpp"
#include "core/ip_networks.hpp"
#include "core/periodic_task.hpp"
#include "core/random.hpp"
#include "core/timer.hpp"
#include "events/event_hub.hpp"
#include "feed/make_price_feed.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "queue/event_bus.hpp"
#include "storage/database.hpp"
#include "watch/price_boards.hpp"
#include "watch/watcher.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <sodium.h>
#include <spdlog/spdlog.h>

#include <map>
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
  price_boards boards;
  event_hub events;
  delivery_workers delivery(settings, plan, db->notifications(), db->channels(), pause_key(*db), clock, monotonic,
                            random);

  // One watcher per exchange: each its own engine, board and feed, each of its exchange's alerts.
  std::vector<std::unique_ptr<watcher>> watchers;
  std::vector<exchange_id> watched;
  for (const auto& [exchange, watching] : plan.watchers) {
    auto* added = watchers
                      .emplace_back(std::make_unique<watcher>(
                          io, pool, db->alerts(), *cache, boards.of(exchange), clock, monotonic, random,
                          publishing_hooks(*bus, [&delivery] { delivery.outbox_changed(); }), watching))
                      .get();
    bus->subscribe(engine_reactions(*added, [added] { added->reconcile(); }));
    watched.push_back(exchange);
  }

  // The routes hold on to what they read: all of it lives as long as the server.
  http::metrics metrics;
  const api::operations operations{*db, metrics, boards, delivery.counters(), *cache, watched, clock};
  std::unique_ptr<api_role> api;
  std::unique_ptr<http::router> operations_only;
  instrument_lists listed;
  steady_timers timers;
  std::unique_ptr<instrument_refresh> instruments;
  std::unique_ptr<instrument_check> listing;
  if (plan.roles.api) {
    const boost::asio::any_io_executor lists_strand = boost::asio::make_strand(io);
    std::map<exchange_id, std::unique_ptr<instrument_query>> queries;
    for (const auto& [exchange, feed] : plan.instrument_feeds) queries[exchange] = make_instrument_query(lists_strand, feed);
    instruments = std::make_unique<instrument_refresh>(lists_strand, listed, std::move(queries), timers, monotonic);
    listing = std::make_unique<instrument_check>(
        listed, monotonic, [&instruments](exchange_id exchange, std::function<void()> done) {
          instruments->reload(exchange, std::move(done));
        });
    api = std::make_unique<api_role>(settings, *db, *cache, *bus, boards, *listing, events, operations, clock,
                                     io.get_executor(), plan.ticker_feed, monotonic);
    bus->subscribe(cache_reactions(*cache));
    bus->subscribe(stream_reactions(events));
    if (plan.mirror_prices) bus->subscribe(price_mirror(boards, clock));
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
  for (auto& each : watchers) each->start();
  if (instruments) instruments->start();
  delivery.start();
  housekeeping.start();
  spdlog::info("listening on {}", listening_address(settings.http.listen, port));
  spdlog::info("serving as {}", plan.description);

  serve_until_signalled(io, server, static_cast<std::size_t>(settings.http.threads), [&] {
    for (auto& each : watchers) each->stop();
    if (instruments) instruments->stop();
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
