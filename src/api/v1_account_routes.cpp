// /api/v1/users (register) and /api/v1/tokens (log in: an access token and a session's refresh
// token, in the JSON or, with "refresh_cookie": true, in the browser's HttpOnly cookie).
#include "api/credentials_json.hpp"
#include "api/error_responses.hpp"
#include "api/json_io.hpp"
#include "api/services.hpp"
#include "api/token_json.hpp"
#include "auth/account_lifecycle.hpp"
#include "auth/account_service.hpp"
#include "core/time_format.hpp"
#include "http/router.hpp"

namespace pricewatch::api {
namespace {

http::response create_user(const services& services, const http::request& request) {
  auto sent = read_credentials(request, dialect::v1);
  if (!sent) {
    return v1_error(sent.error());
  }
  auto registered = services.accounts.register_user(sent->email, sent->password);
  if (!registered) {
    return v1_error(registered.error());
  }
  auto response = json_response(201, {{"id", registered->id},
                                      {"email", registered->email},
                                      {"created_at", format_rfc3339(registered->created_at)}});
  return response;
}

http::response create_token(const services& services, const http::request& request) {
  auto sent = read_credentials(request, dialect::v1);
  if (!sent) {
    return v1_error(sent.error());
  }
  // read_credentials read the object already: it parses.
  const auto body = read_object(request, dialect::v1);
  const auto* cookie = body->if_contains("refresh_cookie");
  if (cookie != nullptr && !cookie->is_bool()) {
    return v1_error(make_failure(errc::validation_failed, "refresh_cookie must be true or false."));
  }
  const auto delivery = cookie != nullptr && cookie->as_bool() ? refresh_delivery::cookie : refresh_delivery::json;
  auto session = services.lifecycle->log_in(sent->email, sent->password, request.client_address);
  if (!session) {
    return v1_error(session.error());
  }
  return session_response(*session, delivery, request);
}

}  // namespace

void add_v1_account_routes(http::router& router, const services& services) {
  router.add("POST", "/api/v1/users", [&services](http::request& request) { return create_user(services, request); },
             http::hashing_route());
  router.add("POST", "/api/v1/tokens", [&services](http::request& request) { return create_token(services, request); },
             http::hashing_route());
}

}  // namespace pricewatch::api
