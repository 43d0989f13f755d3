// /healthz, /readyz and /metrics: what an operator and a load balancer ask.
#include "api/json_io.hpp"
#include "api/services.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "storage/database.hpp"

#include <fmt/format.h>

namespace pricewatch::api {
namespace {

http::response readiness(const services& services) {
  const bool database_ok = services.db.ping();
  return json_response(database_ok ? 200 : 503,
                       {{"status", database_ok ? "ready" : "unavailable"},
                        {"checks", {{"database", database_ok ? "ok" : "unavailable"}}}});
}

http::response prometheus_text(const services& services) {
  std::string text = services.metrics.render();
  // Gauges read from the database; when it is down they are left out rather than reported as 0.
  try {
    const auto active = services.db.alerts().count_active();
    const auto users = services.db.users().count();
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

void add_operations_routes(http::router& router, const services& services) {
  router.add("GET", "/healthz", [](http::request&) { return json_response(200, {{"status", "ok"}}); },
             {http::execution::inline_io});
  router.add("GET", "/readyz", [&services](http::request&) { return readiness(services); });
  router.add("GET", "/metrics", [&services](http::request&) { return prometheus_text(services); });
}

}  // namespace pricewatch::api
