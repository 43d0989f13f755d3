// /api/v1/alert-pauses/{token}: the one-click pause link of an alert's email (RFC 8058, DESIGN.md
// section 10). POST (what a mail client's unsubscribe button sends, "List-Unsubscribe=One-Click")
// pauses the alert; GET, which a person's click or a mail scanner's prefetch sends, only shows a
// page with the button that POSTs, so that fetching the link changes nothing.
#include "alerts/alert_patch.hpp"
#include "alerts/alert_service.hpp"
#include "api/services.hpp"
#include "http/router.hpp"
#include "notify/pause_link.hpp"

namespace pricewatch::api {
namespace {

http::response page(unsigned status, const std::string& body) {
  http::response response;
  response.status = status;
  response.content_type = "text/html; charset=utf-8";
  response.body = "<!doctype html><html><head><meta charset=\"utf-8\"><title>pricewatch</title></head><body>" + body +
                  "</body></html>\n";
  return response;
}

http::response invalid_link() { return page(404, "<p>This link is not valid.</p>"); }

http::response show_pause(const services& services, const http::request& request) {
  const auto& token = request.path_parameters.at(0);
  if (!read_alert_pause_token(services.pause_key, token)) return invalid_link();
  // The token is letters, digits and dots: safe inside the attribute as it is.
  return page(200, "<form method=\"post\"><p>Pause this alert? It stops firing until you resume it in the "
                   "app.</p><button type=\"submit\" name=\"List-Unsubscribe\" value=\"One-Click\">Pause the "
                   "alert</button></form>");
}

http::response pause(const services& services, const http::request& request) {
  const auto named = read_alert_pause_token(services.pause_key, request.path_parameters.at(0));
  if (!named) return invalid_link();
  alert_patch patch;
  patch.paused = true;
  const auto paused = services.alerts.update(named->user_id, named->alert_id, patch);
  // A triggered, expired or deleted alert fires no more: there is nothing left to pause.
  if (!paused && paused.error().code == errc::not_found) return invalid_link();
  return page(200, "<p>The alert is paused. Resume it in the app whenever you like.</p>");
}

}  // namespace

void add_alert_pause_routes(http::router& router, const services& services) {
  router.add("GET", "/api/v1/alert-pauses/{token}",
             [&services](http::request& request) { return show_pause(services, request); });
  router.add("POST", "/api/v1/alert-pauses/{token}",
             [&services](http::request& request) { return pause(services, request); });
}

}  // namespace pricewatch::api
