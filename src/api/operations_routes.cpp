// /healthz, /readyz and /metrics: what an operator and a load balancer ask.
#include "api/json_io.hpp"
#include "api/services.hpp"
#include "core/clock.hpp"
#include "cache/response_cache.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "notify/notifier.hpp"
#include "storage/database.hpp"
#include "watch/price_board.hpp"

#include <fmt/format.h>

namespace pricewatch::api {
namespace {

http::response readiness(const operations& ops) {
  // A database that answers but cannot store a change (its disk is full) is not ready either.
  const bool reachable = ops.db.ping();
  const bool writable = reachable && ops.db.writable();
  const bool database_ok = reachable && writable;
  const std::string_view database_state = !reachable ? "unavailable" : !writable ? "disk_full" : "ok";
  if (!ops.follows_feed) {
    // An api process of a scaled-out deployment: the watchers follow the feed, elsewhere.
    return json_response(database_ok ? 200 : 503,
                         {{"status", database_ok ? "ready" : "unavailable"},
                          {"checks", {{"database", database_state}, {"feed", {{"status", "elsewhere"}}}}}});
  }
  // The feed only connects while some alert is active; with none, there is nothing to watch.
  const auto& prices = ops.prices;
  const bool watching_something = prices.counters().active_alerts.load() > 0;
  const bool feed_ok = prices.watching() && (prices.live() || !watching_something);
  const bool ready = database_ok && feed_ok;
  std::optional<std::int64_t> newest_age;
  for (const auto& [symbol, entry] : prices.all()) {
    const auto age = std::chrono::duration_cast<std::chrono::milliseconds>(ops.clock.now() - entry.trade_time).count();
    newest_age = newest_age ? std::min(*newest_age, age) : age;
  }
  // Connected but quiet for longer than a price may be old: reported, though the stream itself is
  // healthy (a quiet market is not an outage), so readiness does not depend on it.
  const bool stale = watching_something && (!newest_age || std::chrono::milliseconds(*newest_age) >
                                                                std::chrono::duration_cast<std::chrono::milliseconds>(prices.max_staleness()));
  boost::json::object feed{{"status", !prices.watching() ? "loading"
                                      : !prices.live()   ? (watching_something ? "down" : "idle")
                                      : stale            ? "stale"
                                                         : "live"}};
  feed["age_ms"] = newest_age ? boost::json::value(*newest_age) : boost::json::value(nullptr);
  return json_response(ready ? 200 : 503, {{"status", ready ? "ready" : "unavailable"},
                                           {"checks", {{"database", database_state}, {"feed", feed}}}});
}

// One metric family with one unlabelled sample.
void append_metric(std::string& text, std::string_view name, std::string_view type, std::string_view help,
                   std::uint64_t value) {
  text += fmt::format("# HELP {0} {1}\n# TYPE {0} {2}\n{0} {3}\n", name, help, type, value);
}

std::string feed_metrics(const operations& ops) {
  const auto& counters = ops.prices.counters();
  std::uint64_t sent = 0, saved = 0, retried = 0, failed = 0;
  for (const auto* counts : ops.deliveries) {
    sent += counts->sent.load();
    saved += counts->saved.load();
    retried += counts->retried.load();
    failed += counts->failed.load();
  }
  std::string text;
  append_metric(text, "pricewatch_feed_prices_total", "counter", "Prices accepted from the exchange.",
                counters.ticks.load());
  text += "# HELP pricewatch_feed_ignored_total Prices that could never fire an alert, by reason.\n"
          "# TYPE pricewatch_feed_ignored_total counter\n";
  const std::pair<const char*, std::uint64_t> ignored[] = {{"malformed", counters.malformed.load()},
                                                           {"non_positive", counters.non_positive.load()},
                                                           {"stale", counters.stale.load()},
                                                           {"unwatched", counters.unwatched.load()}};
  for (const auto& [reason, count] : ignored) {
    text += fmt::format("pricewatch_feed_ignored_total{{reason=\"{}\"}} {}\n", reason, count);
  }
  append_metric(text, "pricewatch_feed_live", "gauge", "1 while prices arrive (stream connected or REST answering).",
                ops.prices.live() ? 1 : 0);
  append_metric(text, "pricewatch_feed_reconnects_total", "counter",
                "Feed connections lost: the stream, or REST polling when it is the only source.",
                counters.reconnects.load());
  append_metric(text, "pricewatch_feed_gap_klines_total", "counter",
                "One-second klines applied after gaps in the stream.", counters.gap_fills.load());
  append_metric(text, "pricewatch_alerts_fired_total", "counter", "Alerts this process moved from created to triggered.",
                counters.fired.load());
  append_metric(text, "pricewatch_watched_alerts", "gauge", "Alerts in this process's trigger engine.",
                static_cast<std::uint64_t>(std::max<std::int64_t>(counters.active_alerts.load(), 0)));
  append_metric(text, "pricewatch_notifications_sent_total", "counter",
                "Notifications their service accepted (a mail server, a webhook, a chat service).", sent);
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
