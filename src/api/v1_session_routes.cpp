// /api/v1/tokens/refresh and /api/v1/tokens/revoke (issue 16): a session's refresh token for a
// new access token and the session's next refresh token, or the session ended. The token comes
// in the JSON body ({"refresh_token": ...}, answered in the JSON) or in the browser's cookie
// (answered in the cookie). A cookie is sent by the browser whatever page asks, so the cookie
// form needs a JSON body declared as such: a form on another site cannot send one without a
// CORS preflight, which is never granted, and SameSite=Strict keeps the cookie off its requests.
#include "api/error_responses.hpp"
#include "api/json_io.hpp"
#include "api/refresh_cookie.hpp"
#include "api/services.hpp"
#include "api/token_json.hpp"
#include "auth/account_lifecycle.hpp"
#include "core/ascii.hpp"
#include "http/router.hpp"

namespace pricewatch::api {
namespace {

struct presented {
  std::string token;
  refresh_delivery delivery = refresh_delivery::json;
};

bool declared_json(const http::request& request) {
  const auto type = request.header("content-type");
  return ascii_lower(trim(type.substr(0, type.find(';')))) == "application/json";
}

// The refresh token of the body, else of the cookie.
result<presented> read_presented(const http::request& request) {
  auto body = read_object(request, dialect::v1);
  if (!body) return body.error();
  if (const auto* token = body->if_contains("refresh_token")) {
    if (!token->is_string()) return make_failure(errc::validation_failed, "refresh_token must be a string.");
    return presented{std::string(token->as_string()), refresh_delivery::json};
  }
  auto cookie = refresh_cookie_of(request);
  if (!cookie) {
    return make_failure(errc::unauthenticated, "No refresh token: send {\"refresh_token\": ...} or the session cookie.");
  }
  if (!declared_json(request)) {
    return make_failure(errc::unsupported_media_type,
                        "A refresh with the session cookie needs a JSON body with Content-Type: application/json.");
  }
  return presented{std::move(*cookie), refresh_delivery::cookie};
}

http::response refresh(const services& services, const http::request& request) {
  auto sent = read_presented(request);
  if (!sent) return v1_error(sent.error());
  auto session = services.lifecycle->refresh(sent->token);
  if (!session) {
    auto refused = v1_error(session.error());
    // A cookie that no longer works is removed, so that the app stops presenting it.
    if (sent->delivery == refresh_delivery::cookie) refused.with_header("Set-Cookie", cleared_refresh_cookie(request));
    return refused;
  }
  return session_response(*session, sent->delivery, request);
}

http::response revoke(const services& services, const http::request& request) {
  auto sent = read_presented(request);
  if (!sent && sent.error().code != errc::unauthenticated) return v1_error(sent.error());
  if (sent) services.lifecycle->log_out(sent->token);
  http::response response = no_content_response();
  response.with_header("Set-Cookie", cleared_refresh_cookie(request));
  return response;
}

}  // namespace

void add_v1_session_routes(http::router& router, const services& services) {
  router.add("POST", "/api/v1/tokens/refresh", [&services](http::request& request) { return refresh(services, request); });
  router.add("POST", "/api/v1/tokens/revoke", [&services](http::request& request) { return revoke(services, request); });
}

}  // namespace pricewatch::api
