// /api/v1/users (register) and /api/v1/tokens (log in).
#include "api/credentials_json.hpp"
#include "api/error_responses.hpp"
#include "api/json_io.hpp"
#include "api/services.hpp"
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
  auto issued = services.accounts.log_in(sent->email, sent->password, request.client_address);
  if (!issued) {
    return v1_error(issued.error());
  }
  return json_response(200, {{"access_token", issued->token},
                             {"token_type", "Bearer"},
                             {"expires_in", issued->expires_in.count()}});
}

}  // namespace

void add_v1_account_routes(http::router& router, const services& services) {
  router.add("POST", "/api/v1/users", [&services](http::request& request) { return create_user(services, request); },
             http::hashing_route());
  router.add("POST", "/api/v1/tokens", [&services](http::request& request) { return create_token(services, request); },
             http::hashing_route());
}

}  // namespace pricewatch::api
