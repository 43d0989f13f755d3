#include "api/token_json.hpp"

#include "api/json_io.hpp"
#include "api/refresh_cookie.hpp"

namespace pricewatch::api {
namespace {

boost::json::object access_json(const issued_token& access) {
  return {{"access_token", access.token}, {"token_type", "Bearer"}, {"expires_in", access.expires_in.count()}};
}

}  // namespace

http::response access_token_response(const issued_token& access) {
  auto response = json_response(200, access_json(access));
  response.with_header("Cache-Control", "no-store");
  return response;
}

http::response session_response(const session_login& session, refresh_delivery delivery, const http::request& request) {
  auto body = access_json(session.access);
  body["refresh_expires_in"] = session.refresh.expires_in.count();
  if (delivery == refresh_delivery::json) body["refresh_token"] = session.refresh.token;
  auto response = json_response(200, body);
  response.with_header("Cache-Control", "no-store");
  if (delivery == refresh_delivery::cookie) {
    response.with_header("Set-Cookie", refresh_cookie(session.refresh.token, session.refresh.expires_in, request));
  }
  return response;
}

}  // namespace pricewatch::api
