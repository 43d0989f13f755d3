// The account's lifecycle (issue 16): POST /api/v1/me/password (change; the other sessions end),
// GET /api/v1/me/export (everything of the account as JSON), DELETE /api/v1/me (the account and
// everything of it), and the password reset by an emailed link: POST /api/v1/password-resets asks
// for one (202 whether or not the address is an account's), POST /api/v1/password-resets/{token}
// uses it.
#include "alerts/alert_service.hpp"
#include "alerts/channel_service.hpp"
#include "api/alert_json.hpp"
#include "api/authenticate.hpp"
#include "api/channel_json.hpp"
#include "api/error_responses.hpp"
#include "api/json_io.hpp"
#include "api/me_json.hpp"
#include "api/refresh_cookie.hpp"
#include "api/services.hpp"
#include "api/token_json.hpp"
#include "auth/account_lifecycle.hpp"
#include "core/time_format.hpp"
#include "http/router.hpp"

#include <boost/json/array.hpp>

namespace pricewatch::api {
namespace {

failure required_string(std::string_view key) {
  return make_failure(errc::validation_failed, std::string(key) + " is required and must be a string.");
}

http::response change_password(const services& services, const http::request& request) {
  auto caller = authenticate(request, services.callers);
  if (!caller) return v1_error(caller.error());
  auto body = read_object(request, dialect::v1);
  if (!body) return v1_error(body.error());
  auto current = string_field(*body, "current_password");
  if (!current) return v1_error(required_string("current_password"));
  auto replacement = string_field(*body, "new_password");
  if (!replacement) return v1_error(required_string("new_password"));
  auto issued = services.lifecycle->change_password(*caller, *current, *replacement, request.client_address);
  if (!issued) return v1_error(issued.error());
  return access_token_response(*issued);
}

http::response export_account(const services& services, const http::request& request) {
  auto caller = authenticate(request, services.callers);
  if (!caller) return v1_error(caller.error());
  const auto found = services.lifecycle->account(caller->user_id);
  if (!found) return v1_error(invalid_token_failure());
  auto account = me_json(services, *caller);
  account["email"] = found->email;
  account["created_at"] = format_rfc3339(found->created_at);
  boost::json::array alerts;
  for (const auto& each : services.alerts.all_alerts(caller->user_id)) alerts.push_back(v1_alert_json(each));
  boost::json::array firings;
  for (const auto& each : services.alerts.all_firings(caller->user_id)) firings.push_back(firing_json(each));
  boost::json::array channels;
  // channel_json never shows a webhook's secret unless given one.
  for (const auto& each : services.channels.list(caller->user_id)) channels.push_back(channel_json(each));
  auto response = json_response(200, boost::json::object{{"exported_at", format_rfc3339(services.clock.now())},
                                                         {"account", std::move(account)},
                                                         {"alerts", std::move(alerts)},
                                                         {"firings", std::move(firings)},
                                                         {"channels", std::move(channels)}});
  response.with_header("Content-Disposition", "attachment; filename=\"pricewatch-export.json\"");
  response.with_header("Cache-Control", "no-store");
  return response;
}

http::response delete_account(const services& services, const http::request& request) {
  auto caller = authenticate(request, services.callers);
  if (!caller) return v1_error(caller.error());
  auto body = read_object(request, dialect::v1);
  if (!body) return v1_error(body.error());
  auto password = string_field(*body, "password");
  if (!password) return v1_error(required_string("password"));
  auto allowed = services.lifecycle->check_deletion(*caller, *password, request.client_address);
  if (!allowed) return v1_error(allowed.error());
  // The open alerts, read before their rows go, are then taken from the watchers, caches and streams.
  const auto alerts = services.alerts.all_alerts(caller->user_id);
  services.lifecycle->remove_account(caller->user_id);
  services.alerts.announce_deleted(alerts);
  auto response = no_content_response();
  response.with_header("Set-Cookie", cleared_refresh_cookie(request));
  return response;
}

http::response request_reset(const services& services, const http::request& request) {
  auto body = read_object(request, dialect::v1);
  if (!body) return v1_error(body.error());
  auto email = string_field(*body, "email");
  if (!email) return v1_error(required_string("email"));
  auto accepted = services.lifecycle->accept_reset_request(*email, request.client_address);
  if (!accepted) return v1_error(accepted.error());
  // Looked up and mailed after the answer: the same answer, in the same time, for any address.
  services.request_password_reset(*email, request.base_url);
  return json_response(202, boost::json::object{
                                {"message", "If an account has this email address, a link to choose a new password "
                                            "is on its way. It works once, within an hour."}});
}

http::response use_reset(const services& services, const http::request& request) {
  auto body = read_object(request, dialect::v1);
  if (!body) return v1_error(body.error());
  auto password = string_field(*body, "password");
  if (!password) return v1_error(required_string("password"));
  auto reset = services.lifecycle->reset_password(request.path_parameters.at(0), *password, request.client_address);
  if (!reset) return v1_error(reset.error());
  return no_content_response();
}

}  // namespace

void add_v1_me_routes(http::router& router, const services& services) {
  const auto bind = [&services](http::response (*handle)(const api::services&, const http::request&)) {
    return [&services, handle](http::request& request) { return handle(services, request); };
  };
  router.add("POST", "/api/v1/me/password", bind(change_password), http::hashing_route());
  router.add("GET", "/api/v1/me/export", bind(export_account));
  router.add("DELETE", "/api/v1/me", bind(delete_account), http::hashing_route());
  router.add("POST", "/api/v1/password-resets", bind(request_reset));
  router.add("POST", "/api/v1/password-resets/{token}", bind(use_reset), http::hashing_route());
}

}  // namespace pricewatch::api
