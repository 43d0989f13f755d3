#include "app/application.hpp"

#include "alerts/alert_service.hpp"
#include "app/alert_fanout.hpp"
#include "events/event_hub.hpp"
#include "feed/endpoint.hpp"
#include "api/services.hpp"
#include "auth/account_service.hpp"
#include "cache/response_cache.hpp"
#include "core/blocking_pool.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "notify/notifier.hpp"
#include "storage/database.hpp"
#include "watch/price_board.hpp"
#include "watch/watcher.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <sodium.h>
#include <spdlog/spdlog.h>

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
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char hex[sizeof bytes * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  return db.settings().get_or_insert("auth.jwt_secret", hex);
}

std::string listening_address(const std::string& listen, std::uint16_t port) {
  return "http://" + listen.substr(0, listen.rfind(':')) + ":" + std::to_string(port);
}

watcher_config make_watcher_config(const config& settings) {
  watcher_config watching;
  watching.source = settings.feed.source == "binance-rest" ? feed_source::rest : feed_source::stream;
  try {
    watching.stream_endpoint = parse_endpoint(settings.feed.ws_url);
  } catch (const std::invalid_argument& error) {
    throw std::invalid_argument(std::string("feed.ws_url: ") + error.what());
  }
  try {
    watching.rest_endpoint = parse_endpoint(settings.feed.rest_url);
  } catch (const std::invalid_argument& error) {
    throw std::invalid_argument(std::string("feed.rest_url: ") + error.what());
  }
  watching.poll_interval = std::chrono::seconds(settings.feed.poll_seconds);
  watching.max_staleness = std::chrono::seconds(settings.feed.max_staleness_seconds);
  return watching;
}

}  // namespace

int run_service(const config& settings) {
  if (!settings.queue.url.starts_with("local://")) {
    throw std::invalid_argument("queue.url: this build supports local:// only, got " + settings.queue.url);
  }
  auto db = open_database(settings);
  system_wall_clock clock;
  password_hasher hasher;
  token_service tokens(token_config{token_secret(settings, *db), std::chrono::seconds(settings.auth.token_ttl_seconds)},
                       clock);
  memory_login_limiter limiter(login_limits{}, clock);
  auto cache = make_response_cache(cache_config{settings.cache.url, std::chrono::seconds(settings.cache.ttl_seconds)},
                                   clock);

  // Delivery: the outbox, sent by its own threads (libcurl blocks), each with its own connection;
  // claims with a lease keep them off each other's rows. Rows left pending by an earlier run are
  // due at once.
  notifier_config delivery;
  delivery.from = settings.mail.from;
  std::vector<std::unique_ptr<mail_sender>> senders;
  std::vector<std::unique_ptr<notifier>> mailers;
  for (std::int64_t i = 0; i < settings.mail.connections; ++i) {
    senders.push_back(make_mail_sender(mail_config{settings.mail.url}));
    mailers.push_back(std::make_unique<notifier>(db->notifications(), *senders.back(), clock, delivery));
  }
  db->notifications().make_pending_due(clock.now());
  std::vector<std::jthread> mail_threads;
  for (auto& mailer : mailers) mail_threads.emplace_back([&mailer] { mailer->run(); });
  const auto wake_mailers = [&mailers] {
    for (auto& mailer : mailers) mailer->wake();
  };
  std::vector<const delivery_counts*> delivery_counters;
  for (const auto& mailer : mailers) delivery_counters.push_back(&mailer->counts());

  boost::asio::io_context io;
  blocking_pool pool(static_cast<std::size_t>(settings.database.pool_size));
  price_board board;
  event_hub events;
  watcher::hooks watcher_hooks;
  watcher_hooks.on_price = [&events](const std::string& symbol, price value, time_point trade_time) {
    const auto topic = event_hub::price_topic(symbol);
    if (events.has_subscribers(topic)) events.publish(topic, api::price_event(symbol, value, trade_time));
  };
  watcher_hooks.on_fired = [&events, &wake_mailers](const std::vector<fired_record>& fired) {
    wake_mailers();
    for (const auto& record : fired) {
      const auto topic = event_hub::user_topic(record.user_id);
      if (!events.has_subscribers(topic)) continue;
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
      events.publish(topic, api::alert_event("triggered", changed));
    }
  };
  watcher prices(io, pool, db->alerts(), *cache, board, clock, watcher_hooks, make_watcher_config(settings));
  alert_fanout listeners(prices, events);
  alert_service alerts(db->alerts(), *cache, listeners, clock);
  account_service accounts(db->users(), hasher, tokens, limiter, clock);
  http::metrics metrics;
  const api::services services{accounts, alerts, tokens, *cache, *db, metrics, board, delivery_counters, events};
  const auto routes = api::make_router(services);

  http::server server(io, http::server_config{settings.http.listen}, routes, metrics, pool);
  const auto port = server.start();
  prices.start();
  spdlog::info("listening on {}", listening_address(settings.http.listen, port));

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
    prices.stop();
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
  for (auto& mailer : mailers) mailer->stop();
  for (auto& thread : mail_threads) thread.join();
  spdlog::info("stopped");
  return 0;
}

int run_migrations(const config& settings) {
  open_database(settings);
  spdlog::info("migrations done");
  return 0;
}

}  // namespace pricewatch
