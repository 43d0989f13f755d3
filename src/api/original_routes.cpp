// The routes of the original Django service, with its keys, messages and status codes
// (ORIGINAL_API.md), fixed where it answered 500 or leaked other users' alerts.
#include "alerts/alert_service.hpp"
#include "api/alert_json.hpp"
#include "api/alert_request_json.hpp"
#include "api/authenticate.hpp"
#include "api/cached_response.hpp"
#include "api/credentials_json.hpp"
#include "api/error_responses.hpp"
#include "api/json_io.hpp"
#include "api/query_parameters.hpp"
#include "api/services.hpp"
#include "auth/account_service.hpp"
#include "http/router.hpp"

namespace pricewatch::api {
namespace {

http::route_options original_route_options() {
  http::route_options options;
  options.slash = http::trailing_slash::optional;
  options.errors = http::error_style::original;
  return options;
}

http::response invalid_data(std::string_view reason) {
  return json_response(400, {{"error", "Invalid data"}, {"reason", reason}});
}

http::response credentials_error(const failure& error) {
  return error.code == errc::validation_failed ? invalid_data(error.message) : original_error(error);
}

http::response register_user(const services& services, const http::request& request) {
  auto sent = read_credentials(request, dialect::original);
  if (!sent) {
    return credentials_error(sent.error());
  }
  auto registered = services.accounts.register_user(sent->email, sent->password);
  if (!registered) {
    return credentials_error(registered.error());
  }
  return json_response(201, {{"email", registered->email}});
}

http::response log_in(const services& services, const http::request& request) {
  auto sent = read_credentials(request, dialect::original);
  if (!sent) {
    return credentials_error(sent.error());
  }
  auto issued = services.accounts.log_in(sent->email, sent->password, request.client_address);
  if (!issued) {
    return original_error(issued.error());
  }
  return json_response(200, {{"JWT token", issued->token},
                             {"access_token", issued->token},
                             {"token_type", "Bearer"},
                             {"expires_in", issued->expires_in.count()}});
}

http::response create_alert(const services& services, const http::request& request) {
  auto caller = authenticate(request, services.callers);
  if (!caller) {
    return original_error(caller.error());
  }
  auto body = read_object(request, dialect::original);
  if (!body) {
    return original_error(body.error());
  }
  auto wanted = read_alert_request(*body, dialect::original);
  if (!wanted) {
    return original_error(wanted.error());
  }
  auto created = services.alerts.create(caller->user_id, std::move(*wanted));
  if (!created) {
    return original_error(created.error());
  }
  boost::json::object answer{{"message", "Alert created and monitoring started."}};
  for (auto& field : original_alert_json(*created)) {
    answer.emplace(field.key(), std::move(field.value()));
  }
  return json_response(201, answer);
}

http::response delete_alert(const services& services, const http::request& request) {
  auto caller = authenticate(request, services.callers);
  if (!caller) {
    return original_error(caller.error());
  }
  auto removed = services.alerts.remove(caller->user_id, std::stoll(request.path_parameters.at(0)));
  if (!removed) {
    return original_error(removed.error());
  }
  return json_response(200, {{"message", "Alert status updated to deleted."}});
}

http::response list_alerts(const services& services, const http::request& request) {
  auto caller = authenticate(request, services.callers);
  if (!caller) {
    return original_error(caller.error());
  }
  // The original knew Binance only: its clients list Binance's alerts, as they always did.
  alert_filter filter{caller->user_id, std::nullopt, std::nullopt, exchange_id::binance};
  auto page = parse_page_request(query_parameter(request.query, "page"), std::nullopt);
  if (!page) {
    return original_error(page.error());
  }
  page->order = list_order::oldest_first;
  if (!request.path_parameters.empty()) {
    filter.status = parse_status(request.path_parameters.front());
    // The original filtered on the text as given: a status no alert has lists nothing.
    if (!filter.status) {
      const auto empty = resolve_last(*page, 0);
      if (auto exists = check_page_exists(empty, 0); !exists) return original_error(exists.error());
      return json_response(200, page_json(request, empty, 0, {}));
    }
  }
  return cached_response(services.cache, caller->user_id, list_cache_key("original", request), [&] {
    auto listed = services.alerts.list(filter, *page);
    if (!listed) {
      return original_error(listed.error());
    }
    boost::json::array results;
    for (const auto& item : listed->alerts) {
      results.push_back(original_alert_json(item));
    }
    return json_response(200, page_json(request, listed->page, listed->count, std::move(results)));
  });
}

// A cached page answered on the I/O thread, without the hop to the blocking pool.
std::optional<http::response> cached_list(const services& services, const http::request& request) {
  auto caller = authenticate_without_blocking(request, services.callers);
  if (!caller) return std::nullopt;
  if (!*caller) return original_error(caller->error());
  return cached_only(services.cache, (*caller)->user_id, list_cache_key("original", request));
}

}  // namespace

void add_original_routes(http::router& router, const services& services) {
  const auto original_route = original_route_options();
  const auto bind = [&services](http::response (*handle)(const api::services&, const http::request&)) {
    return [&services, handle](http::request& request) { return handle(services, request); };
  };
  // Register and log in were plain Django views: their errors, a wrong method's too, say "error".
  auto original_view = original_route;
  original_view.errors = http::error_style::original_view;
  router.add("POST", "/api/register/", bind(register_user), http::hashing_route(original_view));
  router.add("POST", "/api/login/", bind(log_in), http::hashing_route(original_view));
  router.add("POST", "/api/alerts/create/", bind(create_alert), original_route);
  router.add("POST", "/api/delete/{id}/", bind(delete_alert), original_route);
  router.add("POST", "/api/alerts/delete/{id}/", bind(delete_alert), original_route);
  auto list_route = original_route;
  if (services.cache.never_blocks()) {
    list_route.try_inline = [&services](http::request& request) { return cached_list(services, request); };
  }
  router.add("GET", "/api/alerts/", bind(list_alerts), list_route);
  router.add("GET", "/api/alerts/{status}/", bind(list_alerts), list_route);
}

}  // namespace pricewatch::api
