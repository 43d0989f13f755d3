#include "app/application.hpp"

#include "alerts/alert_service.hpp"
#include "app/alert_fanout.hpp"
#include "app/delivery_workers.hpp"
#include "app/deployment_plan.hpp"
#include "auth/random_hex.hpp"
#include "events/event_hub.hpp"
#include "api/services.hpp"
#include "auth/account_service.hpp"
#include "auth/authenticator.hpp"
#include "cache/response_cache.hpp"
#include "core/blocking_pool.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "queue/event_bus.hpp"
#include "storage/database.hpp"
#include "watch/price_board.hpp"
#include "watch/watcher.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <sodium.h>
#include <spdlog/spdlog.h>

#include <map>
#include <thread>

namespace pricewatch {
namespace {

constexpr auto shutdown_grace = std::chrono::seconds(5);

std::unique_ptr<database> open_database(const config& settings) {
  database_config database_settings{settings.database.url, static_cast<std::size_t>(settings.database.pool_size)};
  auto opened = make_database(database_settings);
  const int applied = opened->migrate();
  if (applied > 0) spdlog::info("database schema up to date ({} migrations applied)", applied);
  return opened;
}

// The configured secret, or in the embedded mode one generated once and kept in the database, so
// that tokens survive restarts (DESIGN.md section 2).
std::string token_secret(const config& settings, database& db) {
  if (!settings.auth.jwt_secret.empty()) {
    return settings.auth.jwt_secret;
  }
  return db.settings().get_or_insert("auth.jwt_secret", random_hex(32));
}

std::string listening_address(const std::string& listen, std::uint16_t port) {
  return "http://" + listen.substr(0, listen.rfind(':')) + ":" + std::to_string(port);
}

}  // namespace

namespace {

// The alert as the browser's event stream shows a fired one.
alert as_triggered(const fired_record& record) {
  alert changed;
  changed.id = record.alert_id;
  changed.user_id = record.user_id;
  changed.symbol = record.symbol;
  changed.condition = record.condition;
  changed.target = record.target;
  changed.created_at = record.created_at;
  changed.status = alert_status::triggered;
  changed.triggered_at = record.triggered_at;
  changed.triggered_price = record.triggered_price;
  changed.delivery = delivery_state{"pending", 0, std::nullopt};
  return changed;
}

}  // namespace

int run_service(const config& settings, const service_options& options) {
  const auto plan = plan_deployment(settings, options);
  for (const auto& warning : plan.warnings) spdlog::warn("{}", warning);
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  auto db = open_database(settings);
  system_wall_clock clock;
  auto cache = make_response_cache(cache_config{settings.cache.url, std::chrono::seconds(settings.cache.ttl_seconds)},
                                   clock);
  boost::asio::io_context io;
  blocking_pool pool(static_cast<std::size_t>(settings.database.pool_size));
  // Argon2id on threads of its own, one per core: more would only share the cores, and logins
  // waiting for one never hold the threads that database work needs.
  blocking_pool hashing(std::max(1u, std::thread::hardware_concurrency()));
  price_board board;
  event_hub events;

  delivery_workers delivery(settings, plan, db->notifications(), clock);
  const auto delivery_counters = delivery.counters();

  // Alert events between processes (scale-out). Created before the watcher, whose hooks use it.
  std::unique_ptr<queue::event_bus> bus;
  std::unique_ptr<watcher> prices;
  if (plan.queue == queue_mode::rabbitmq) {
    queue::event_bus::handlers bus_handlers;
    bus_handlers.on_event = [&](const queue::alert_event& event) {
      if (prices) {
        if (event.kind == queue::alert_event_kind::created) {
          prices->alert_created(event.changed);
        } else {
          prices->alert_deleted(event.changed);  // deleted, or fired by another watcher
        }
      }
      if (options.api) {
        cache->invalidate_user(event.changed.user_id);
        const auto type = event.kind == queue::alert_event_kind::created   ? "created"
                          : event.kind == queue::alert_event_kind::deleted ? "deleted"
                                                                           : "triggered";
        api::publish_to_owner(events, type, event.changed);
      }
    };
    bus_handlers.on_price = [&](const queue::price_update& update) {
      if (!options.api || options.watcher) return;  // a watcher here has prices of its own
      board.set_live(true);
      board.update(update.symbol, board_entry{update.value, update.trade_time, clock.now()});
      api::publish_price(events, update.symbol, update.value, update.trade_time);
    };
    bus_handlers.on_connected = [&prices] {
      if (prices) prices->reconcile();
    };
    // A random origin names this process in its events, so that it skips its own.
    bus = std::make_unique<queue::event_bus>(settings.queue.url, random_hex(8), std::move(bus_handlers));
  }

  if (options.watcher) {
    watcher::hooks watcher_hooks;
    watcher_hooks.on_price = [&events, &bus](const std::string& symbol, price value, time_point trade_time) {
      api::publish_price(events, symbol, value, trade_time);
      if (bus) bus->publish_price(symbol, value, trade_time);
    };
    watcher_hooks.on_fired = [&events, &delivery, &bus](const std::vector<fired_record>& fired) {
      delivery.outbox_changed();
      for (const auto& record : fired) {
        const auto changed = as_triggered(record);
        api::publish_to_owner(events, "triggered", changed);
        if (bus) bus->publish(queue::alert_event_kind::fired, changed);
      }
    };
    prices = std::make_unique<watcher>(io, pool, db->alerts(), *cache, board, clock, watcher_hooks, plan.watching);
  }

  // The API: requests change alerts, and the watcher in this process, the owner's streams and
  // (scaled out) every other process hear of it. A process without the api role serves only
  // /healthz, /readyz and /metrics, for its supervisor and monitoring.
  std::unique_ptr<password_hasher> hasher;
  std::unique_ptr<token_service> tokens;
  std::unique_ptr<authenticator> callers;
  std::unique_ptr<login_limiter> limiter;
  std::unique_ptr<alert_fanout> listeners;
  std::unique_ptr<alert_service> alerts;
  std::unique_ptr<account_service> accounts;
  http::metrics metrics;
  // The routes hold on to what they read: all of it lives as long as the server.
  const api::operations operations{*db, metrics, board, delivery_counters, *cache, options.watcher, clock};
  std::unique_ptr<api::services> services;
  std::unique_ptr<http::router> routes;
  if (options.api) {
    hasher = std::make_unique<password_hasher>();
    tokens = std::make_unique<token_service>(
        token_config{token_secret(settings, *db), std::chrono::seconds(settings.auth.token_ttl_seconds)}, clock);
    callers = std::make_unique<authenticator>(*tokens, db->users(), clock);
    limiter = make_login_limiter(settings.cache.url, login_limits{}, clock);
    listeners = std::make_unique<alert_fanout>(prices.get(), events, bus.get());
    alerts = std::make_unique<alert_service>(db->alerts(), *cache, *listeners, clock);
    accounts = std::make_unique<account_service>(db->users(), *hasher, *tokens, *limiter, clock);
    services = std::make_unique<api::services>(
        api::services{*accounts, *alerts, *callers, *cache, board, events, operations, clock});
    routes = std::make_unique<http::router>(api::make_router(*services));
  } else {
    routes = std::make_unique<http::router>(api::make_operations_router(operations));
  }
  http::server server(io, http::server_config{settings.http.listen}, *routes, metrics, pool, hashing);
  const auto port = server.start();

  // Start in order: the bus hears changes before the watcher loads, so none falls in between.
  if (bus) bus->start(options.api || options.watcher);
  if (prices) prices->start();
  delivery.start();
  spdlog::info("listening on {}", listening_address(settings.http.listen, port));
  spdlog::info("serving as {}", plan.description);

  // Database housekeeping every 10 s, on the blocking pool (SQLite: keeps the WAL file small).
  boost::asio::steady_timer housekeeping(io);
  std::function<void()> schedule_housekeeping = [&] {
    housekeeping.expires_after(std::chrono::seconds(10));
    housekeeping.async_wait([&](const boost::system::error_code& cancelled) {
      if (cancelled) return;
      boost::asio::post(pool_executor(pool), [&] {
        try {
          db->maintain();
        } catch (const std::exception& error) {
          spdlog::warn("database housekeeping failed: {}", error.what());
        }
        boost::asio::post(io, schedule_housekeeping);
      });
    });
  };
  schedule_housekeeping();

  boost::asio::steady_timer grace(io);
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& error, int signal) {
    if (error) return;
    spdlog::info("signal {} received: finishing requests in flight, then stopping", signal);
    if (prices) prices->stop();
    housekeeping.cancel();
    server.stop([&io] { io.stop(); });
    grace.expires_after(shutdown_grace);
    grace.async_wait([&](const boost::system::error_code& cancelled) {
      if (cancelled) return;
      spdlog::warn("requests still in flight after {}s: closing them", shutdown_grace.count());
      server.abort_connections();
      io.stop();
    });
  });

  std::vector<std::jthread> threads;
  for (std::int64_t i = 1; i < settings.http.threads; ++i) {
    threads.emplace_back([&io] { io.run(); });
  }
  io.run();
  for (auto& thread : threads) thread.join();
  pool.join();
  hashing.join();
  delivery.stop();
  if (bus) bus->stop();
  spdlog::info("stopped");
  return 0;
}

int run_migrations(const config& settings) {
  open_database(settings);
  spdlog::info("migrations done");
  return 0;
}

}  // namespace pricewatch
