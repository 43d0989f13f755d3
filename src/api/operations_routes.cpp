// /healthz, /readyz and /metrics: what an operator and a load balancer ask.
#include "api/feed_health.hpp"
#include "api/json_io.hpp"
#include "api/services.hpp"
#include "core/clock.hpp"
#include "cache/response_cache.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "notify/notifier.hpp"
#include "storage/database.hpp"
#include "watch/price_boards.hpp"

#include <fmt/format.h>

namespace pricewatch::api {
namespace {

http::response readiness(const operations& ops) {
  // A database that answers but cannot store a change (its disk is full) is not ready either.
  const bool reachable = ops.db.ping();
  const bool writable = reachable && ops.db.writable();
  const bool database_ok = reachable && writable;
  const std::string_view database_state = !reachable ? "unavailable" : !writable ? "disk_full" : "ok";
  if (ops.watched.empty()) {
    // An api process of a scaled-out deployment: the watchers follow the feeds, elsewhere.
    return json_response(database_ok ? 200 : 503,
                         {{"status", database_ok ? "ready" : "unavailable"},
                          {"checks", {{"database", database_state}, {"feed", {{"status", "elsewhere"}}}}}});
  }
  // Each exchange this process watches by name; "feed" is the first of them (Binance's, unless
  // it watches others only), as before there were several.
  bool ready = database_ok;
  boost::json::object exchanges;
  for (const auto exchange : ops.watched) {
    const auto health = health_of(ops.prices.of(exchange), ops.clock.now());
    ready = ready && health.ok;
    exchanges[exchange_name(exchange)] = boost::json::object{
        {"status", health.status},
        {"age_ms", health.age_ms ? boost::json::value(*health.age_ms) : boost::json::value(nullptr)}};
  }
  auto feed = exchanges[exchange_name(ops.watched.front())];
  return json_response(ready ? 200 : 503,
                       {{"status", ready ? "ready" : "unavailable"},
                        {"checks", {{"database", database_state}, {"feed", std::move(feed)}, {"exchanges", exchanges}}}});
}

// One metric family with one unlabelled sample.
void append_metric(std::string& text, std::string_view name, std::string_view type, std::string_view help,
                   std::uint64_t value) {
  text += fmt::format("# HELP {0} {1}\n# TYPE {0} {2}\n{0} {3}\n", name, help, type, value);
}

// One metric family with a sample per exchange watched here.
template <class Read>
void append_per_exchange(std::string& text, const operations& ops, std::string_view name, std::string_view type,
                         std::string_view help, Read read) {
  text += fmt::format("# HELP {0} {1}\n# TYPE {0} {2}\n", name, help, type);
  for (const auto exchange : ops.watched) {
    text += fmt::format("{}{{exchange=\"{}\"}} {}\n", name, exchange_name(exchange), read(ops.prices.of(exchange)));
  }
}

// The sum of a counter over the exchanges watched here.
template <class Read>
std::uint64_t total(const operations& ops, Read read) {
  std::uint64_t sum = 0;
  for (const auto exchange : ops.watched) sum += read(ops.prices.of(exchange).counters());
  return sum;
}

// The unlabelled families count every exchange watched here (with Binance's only, what they
// always counted); the pricewatch_exchange_* families say which.
void append_feed_totals(std::string& text, const operations& ops) {
  append_metric(text, "pricewatch_feed_prices_total", "counter", "Prices accepted from the exchanges.",
                total(ops, [](const feed_counters& c) { return c.ticks.load(); }));
  text += "# HELP pricewatch_feed_ignored_total Prices that could never fire an alert, by reason.\n"
          "# TYPE pricewatch_feed_ignored_total counter\n";
  const std::pair<const char*, std::uint64_t> ignored[] = {
      {"malformed", total(ops, [](const feed_counters& c) { return c.malformed.load(); })},
      {"non_positive", total(ops, [](const feed_counters& c) { return c.non_positive.load(); })},
      {"stale", total(ops, [](const feed_counters& c) { return c.stale.load(); })},
      {"unwatched", total(ops, [](const feed_counters& c) { return c.unwatched.load(); })}};
  for (const auto& [reason, count] : ignored) {
    text += fmt::format("pricewatch_feed_ignored_total{{reason=\"{}\"}} {}\n", reason, count);
  }
  // Live: some exchange delivers prices and none with active alerts is down.
  bool any_live = false, none_down = true;
  for (const auto exchange : ops.watched) {
    const auto& board = ops.prices.of(exchange);
    any_live = any_live || board.live();
    none_down = none_down && (board.live() || board.counters().active_alerts.load() == 0);
  }
  append_metric(text, "pricewatch_feed_live", "gauge",
                "1 while prices arrive (stream connected or REST answering) from every exchange with active alerts.",
                any_live && none_down ? 1 : 0);
  append_metric(text, "pricewatch_feed_reconnects_total", "counter",
                "Feed connections lost: the stream, or REST polling when it is the only source.",
                total(ops, [](const feed_counters& c) { return c.reconnects.load(); }));
  append_metric(text, "pricewatch_feed_gap_klines_total", "counter",
                "One-second klines applied after gaps in the stream.",
                total(ops, [](const feed_counters& c) { return c.gap_fills.load(); }));
  append_metric(text, "pricewatch_alerts_fired_total", "counter", "Alerts this process moved from created to triggered.",
                total(ops, [](const feed_counters& c) { return c.fired.load(); }));
  append_metric(text, "pricewatch_watched_alerts", "gauge", "Alerts in this process's trigger engines.",
                total(ops, [](const feed_counters& c) {
                  return static_cast<std::uint64_t>(std::max<std::int64_t>(c.active_alerts.load(), 0));
                }));
}

void append_exchange_metrics(std::string& text, const operations& ops) {
  append_per_exchange(text, ops, "pricewatch_exchange_live", "gauge", "1 while the exchange's prices arrive.",
                      [](const price_board& board) { return board.live() ? 1 : 0; });
  append_per_exchange(text, ops, "pricewatch_exchange_prices_total", "counter", "Prices accepted from the exchange.",
                      [](const price_board& board) { return board.counters().ticks.load(); });
  append_per_exchange(text, ops, "pricewatch_exchange_reconnects_total", "counter",
                      "Connections to the exchange lost.",
                      [](const price_board& board) { return board.counters().reconnects.load(); });
  append_per_exchange(text, ops, "pricewatch_exchange_alerts_fired_total", "counter",
                      "Alerts on the exchange this process fired.",
                      [](const price_board& board) { return board.counters().fired.load(); });
  append_per_exchange(text, ops, "pricewatch_exchange_watched_alerts", "gauge",
                      "Alerts on the exchange in this process's trigger engine.",
                      [](const price_board& board) { return std::max<std::int64_t>(board.counters().active_alerts.load(), 0); });
}

std::string feed_metrics(const operations& ops) {
  std::uint64_t sent = 0, saved = 0, retried = 0, failed = 0;
  for (const auto* counts : ops.deliveries) {
    sent += counts->sent.load();
    saved += counts->saved.load();
    retried += counts->retried.load();
    failed += counts->failed.load();
  }
  std::string text;
  append_feed_totals(text, ops);
  append_exchange_metrics(text, ops);
  append_metric(text, "pricewatch_notifications_sent_total", "counter",
                "Notifications their service accepted (a mail server, a webhook, a chat service).",
                sent);
  append_metric(text, "pricewatch_notifications_saved_total", "counter",
                "Emails only written to the outbox folder (no mail.url): nobody was mailed.", saved);
  append_metric(text, "pricewatch_notifications_retried_total", "counter", "Sends that failed and were rescheduled.",
                retried);
  append_metric(text, "pricewatch_notifications_failed_total", "counter",
                "Notifications given up after the last attempt.", failed);
  return text;
}

http::response prometheus_text(const operations& ops) {
  std::string text = ops.metrics.render() + feed_metrics(ops);
  append_metric(text, "pricewatch_cache_failures_total", "counter",
                "Response cache calls whose backend failed (each a miss or a dropped write).", ops.cache.failures());
  // Gauges read from the database; when it is down they are left out rather than reported as 0.
  try {
    const auto active = ops.db.alerts().count_active();
    const auto users = ops.db.users().count();
    const auto outbox = ops.db.notifications().count_by_status();
    text += "# HELP pricewatch_notifications Notifications in the outbox, by status.\n"
            "# TYPE pricewatch_notifications gauge\n";
    for (const auto& [status, count] : outbox) {
      text += fmt::format("pricewatch_notifications{{status=\"{}\"}} {}\n", to_string(status), count);
    }
    text += fmt::format(
        "# HELP pricewatch_active_alerts Alerts with status created.\n# TYPE pricewatch_active_alerts gauge\n"
        "pricewatch_active_alerts {}\n"
        "# HELP pricewatch_users Registered accounts.\n# TYPE pricewatch_users gauge\npricewatch_users {}\n",
        active, users);
  } catch (const std::exception&) {
    text += "# pricewatch_active_alerts and pricewatch_users: database unavailable\n";
  }
  http::response response;
  response.content_type = "text/plain; version=0.0.4; charset=utf-8";
  response.body = std::move(text);
  return response;
}

}  // namespace

void add_operations_routes(http::router& router, const operations& ops) {
  router.add("GET", "/healthz", [](http::request&) { return json_response(200, {{"status", "ok"}}); },
             http::inline_route());
  router.add("GET", "/readyz", [&ops](http::request&) { return readiness(ops); });
  router.add("GET", "/metrics", [&ops](http::request&) { return prometheus_text(ops); });
}

}  // namespace pricewatch::api
