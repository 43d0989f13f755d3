// /api/v1/alert-pauses/{token}: the one-click pause link of an alert's email (RFC 8058, DESIGN.md
// section 10). POST (what a mail client's unsubscribe button sends, "List-Unsubscribe=One-Click")
// pauses the alert; GET only shows the button that POSTs (api/link_page.hpp).
#include "alerts/alert_patch.hpp"
#include "alerts/alert_service.hpp"
#include "api/link_page.hpp"
#include "api/services.hpp"
#include "http/router.hpp"
#include "notify/pause_link.hpp"

namespace pricewatch::api {
namespace {

http::response invalid_link() { return link_page(404, "<p>This link is not valid.</p>"); }

http::response show_pause(const services& services, const http::request& request) {
  if (!read_alert_pause_token(services.pause_key, request.path_parameters.at(0))) return invalid_link();
  return link_form("Pause this alert? It stops firing until you resume it in the app.", "Pause the alert",
                   "List-Unsubscribe", "One-Click");
}

http::response pause(const services& services, const http::request& request) {
  const auto named = read_alert_pause_token(services.pause_key, request.path_parameters.at(0));
  if (!named) return invalid_link();
  alert_patch patch;
  patch.paused = true;
  const auto paused = services.alerts.update(named->user_id, named->alert_id, patch);
  // A triggered, expired or deleted alert fires no more: there is nothing left to pause.
  if (!paused && paused.error().code == errc::not_found) return invalid_link();
  return link_page(200, "<p>The alert is paused. Resume it in the app whenever you like.</p>");
}

}  // namespace

void add_alert_pause_routes(http::router& router, const services& services) {
  add_link_routes(
      router, "/api/v1/alert-pauses/{token}",
      [&services](http::request& request) { return show_pause(services, request); },
      [&services](http::request& request) { return pause(services, request); });
}

}  // namespace pricewatch::api
