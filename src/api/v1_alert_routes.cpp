// /api/v1/alerts and /api/v1/firings: create, list, get, change (pause, resume) and delete the
// caller's own alerts, and list their firings.
#include "alerts/alert_patch.hpp"
#include "alerts/alert_rules.hpp"
#include "alerts/alert_service.hpp"
#include "api/alert_json.hpp"
#include "api/alert_request_json.hpp"
#include "api/authenticate.hpp"
#include "api/cached_response.hpp"
#include "api/error_responses.hpp"
#include "api/json_io.hpp"
#include "api/query_parameters.hpp"
#include "api/services.hpp"
#include "core/time_format.hpp"
#include "http/router.hpp"

namespace pricewatch::api {
namespace {

// The router matched {id} to at most 18 digits: it fits.
std::int64_t path_id(const http::request& request) { return std::stoll(request.path_parameters.at(0)); }

http::response create_alert(const services& services, const http::request& request) {
  auto caller = authenticate(request, services.callers);
  if (!caller) return v1_error(caller.error());
  auto body = read_object(request, dialect::v1);
  if (!body) return v1_error(body.error());
  auto wanted = read_alert_request(*body, dialect::v1);
  if (!wanted) return v1_error(wanted.error());
  auto created = services.alerts.create(caller->user_id, std::move(*wanted));
  if (!created) return v1_error(created.error());
  auto response = json_response(201, v1_alert_json(*created));
  response.with_header("Location", "/api/v1/alerts/" + std::to_string(created->id));
  return response;
}

result<alert_filter> read_filter(const http::request& request, std::int64_t user_id) {
  alert_filter filter{user_id, std::nullopt, std::nullopt, std::nullopt};
  if (auto status = query_parameter(request.query, "status"); status && !status->empty()) {
    filter.status = parse_status(*status);
    if (!filter.status) {
      return make_failure(errc::validation_failed,
                          "status must be one of created, paused, triggered, expired, deleted.");
    }
  }
  if (auto exchange = query_parameter(request.query, "exchange"); exchange && !exchange->empty()) {
    filter.exchange = exchange_named(*exchange);
    if (!filter.exchange) {
      return make_failure(errc::validation_failed, "exchange must be one of binance, binanceus, coinbase, kraken.");
    }
  }
  if (auto symbol = query_parameter(request.query, "symbol"); symbol && !symbol->empty()) {
    auto valid = filter.exchange ? validate_symbol(*symbol, *filter.exchange) : validate_any_symbol(*symbol);
    if (!valid) return valid.error();
    filter.symbol = std::move(*valid);
  }
  return filter;
}

http::response list_alerts(const services& services, const http::request& request) {
  auto caller = authenticate(request, services.callers);
  if (!caller) return v1_error(caller.error());
  return cached_response(services.cache, caller->user_id, list_cache_key("v1", request), [&] {
    auto filter = read_filter(request, caller->user_id);
    if (!filter) return v1_error(filter.error());
    auto page = parse_page_request(query_parameter(request.query, "page"), query_parameter(request.query, "page_size"));
    if (!page) return v1_error(page.error());
    auto listed = services.alerts.list(*filter, *page);
    if (!listed) return v1_error(listed.error());
    boost::json::array results;
    for (const auto& item : listed->alerts) {
      results.push_back(v1_alert_json(item));
    }
    return json_response(200, page_json(request, listed->page, listed->count, std::move(results)));
  });
}

http::response get_alert(const services& services, const http::request& request) {
  auto caller = authenticate(request, services.callers);
  if (!caller) return v1_error(caller.error());
  auto found = services.alerts.find(caller->user_id, path_id(request));
  if (!found) return v1_error(found.error());
  return json_response(200, v1_alert_json(*found));
}

http::response update_alert(const services& services, const http::request& request) {
  auto caller = authenticate(request, services.callers);
  if (!caller) return v1_error(caller.error());
  auto body = read_object(request, dialect::v1);
  if (!body) return v1_error(body.error());
  auto patch = read_alert_patch(*body, dialect::v1);
  if (!patch) return v1_error(patch.error());
  auto changed = services.alerts.update(caller->user_id, path_id(request), *patch);
  if (!changed) return v1_error(changed.error());
  return json_response(200, v1_alert_json(*changed));
}

result<firing_filter> read_firing_filter(const http::request& request, std::int64_t user_id) {
  firing_filter filter;
  filter.user_id = user_id;
  if (auto symbol = query_parameter(request.query, "symbol"); symbol && !symbol->empty()) {
    auto valid = validate_any_symbol(*symbol);
    if (!valid) return valid.error();
    filter.symbol = std::move(*valid);
  }
  if (auto since = query_parameter(request.query, "since"); since && !since->empty()) {
    filter.since = parse_rfc3339(*since);
    if (!filter.since) {
      return make_failure(errc::validation_failed, "since must be an RFC 3339 time, such as 2026-12-01T00:00:00Z.");
    }
  }
  return filter;
}

http::response list_firings(const services& services, const http::request& request, std::optional<std::int64_t> alert_id) {
  auto caller = authenticate(request, services.callers);
  if (!caller) return v1_error(caller.error());
  auto filter = read_firing_filter(request, caller->user_id);
  if (!filter) return v1_error(filter.error());
  filter->alert_id = alert_id;
  auto page = parse_page_request(query_parameter(request.query, "page"), query_parameter(request.query, "page_size"));
  if (!page) return v1_error(page.error());
  auto listed = services.alerts.firings(*filter, *page);
  if (!listed) return v1_error(listed.error());
  boost::json::array results;
  for (const auto& item : listed->firings) results.push_back(firing_json(item));
  return json_response(200, page_json(request, listed->page, listed->count, std::move(results)));
}

http::response alert_firings(const services& services, const http::request& request) {
  return list_firings(services, request, path_id(request));
}

http::response all_firings(const services& services, const http::request& request) {
  return list_firings(services, request, std::nullopt);
}

http::response delete_alert(const services& services, const http::request& request) {
  auto caller = authenticate(request, services.callers);
  if (!caller) return v1_error(caller.error());
  auto removed = services.alerts.remove(caller->user_id, path_id(request));
  if (!removed) return v1_error(removed.error());
  return no_content_response();
}

// A cached page answered on the I/O thread, without the hop to the blocking pool.
std::optional<http::response> cached_list(const services& services, const http::request& request) {
  auto caller = authenticate_without_blocking(request, services.callers);
  if (!caller) return std::nullopt;
  if (!*caller) return v1_error(caller->error());
  return cached_only(services.cache, (*caller)->user_id, list_cache_key("v1", request));
}

}  // namespace

void add_v1_alert_routes(http::router& router, const services& services) {
  const auto bind = [&services](http::response (*handle)(const api::services&, const http::request&)) {
    return [&services, handle](http::request& request) { return handle(services, request); };
  };
  router.add("POST", "/api/v1/alerts", bind(create_alert));
  http::route_options list_route;
  if (services.cache.never_blocks()) {
    list_route.try_inline = [&services](http::request& request) { return cached_list(services, request); };
  }
  router.add("GET", "/api/v1/alerts", bind(list_alerts), list_route);
  router.add("GET", "/api/v1/alerts/{id}", bind(get_alert));
  router.add("PATCH", "/api/v1/alerts/{id}", bind(update_alert));
  router.add("DELETE", "/api/v1/alerts/{id}", bind(delete_alert));
  router.add("GET", "/api/v1/alerts/{id}/firings", bind(alert_firings));
  router.add("GET", "/api/v1/firings", bind(all_firings));
}

}  // namespace pricewatch::api
