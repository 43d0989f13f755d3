#include "api/error_responses.hpp"

#include "api/authenticate.hpp"
#include "api/json_io.hpp"

namespace pricewatch::api {
namespace {

constexpr std::string_view bearer_challenge = "Bearer realm=\"api\"";

void add_error_headers(http::response& response, const failure& error) {
  if (error.code == errc::rate_limited) {
    response.with_header("Retry-After", std::to_string(std::max<std::int64_t>(error.retry_after_seconds, 1)));
  }
  if (error.code == errc::unauthenticated || error.code == errc::invalid_token) {
    response.with_header("WWW-Authenticate", std::string(bearer_challenge));
  }
}

std::string_view status_code_name(unsigned status) {
  switch (status) {
    case 400: return "bad_request";
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 413: return "payload_too_large";
    case 415: return "unsupported_media_type";
    case 431: return "headers_too_large";
    case 501: return "not_implemented";
    case 503: return "backend_unavailable";
    case 507: return "insufficient_storage";
    default: return "internal_error";
  }
}

}  // namespace

unsigned status_of(errc code) {
  switch (code) {
    case errc::validation_failed: return 400;
    case errc::not_found: return 404;
    case errc::conflict: return 409;
    case errc::unauthenticated:
    case errc::invalid_token:
    case errc::invalid_credentials: return 401;
    case errc::rate_limited: return 429;
    case errc::unsupported_media_type: return 415;
    case errc::backend_unavailable: return 503;
  }
  return 500;
}

std::string_view code_name(errc code) {
  switch (code) {
    case errc::validation_failed: return "validation_failed";
    case errc::not_found: return "not_found";
    case errc::conflict: return "conflict";
    case errc::unauthenticated: return "unauthenticated";
    case errc::invalid_token: return "invalid_token";
    case errc::invalid_credentials: return "invalid_credentials";
    case errc::rate_limited: return "rate_limited";
    case errc::unsupported_media_type: return "unsupported_media_type";
    case errc::backend_unavailable: return "backend_unavailable";
  }
  return "internal_error";
}

http::response v1_error(unsigned status, std::string_view code, std::string_view message) {
  return json_response(status, {{"error", {{"code", code}, {"message", message}}}});
}

http::response v1_error(const failure& error) {
  auto response = v1_error(status_of(error.code), code_name(error.code), error.message);
  add_error_headers(response, error);
  return response;
}

http::response original_error(const failure& error) {
  http::response response;
  switch (error.code) {
    case errc::unauthenticated:
      response = json_response(401, {{"detail", "Authentication credentials were not provided."}});
      break;
    case errc::invalid_token:
      // The REST framework's two answers: a header it could not split, and a token it refused.
      response = error.message == bad_authorization_header_message
                     ? json_response(401, {{"detail", error.message}, {"code", "bad_authorization_header"}})
                     : json_response(401, {{"detail", "Given token not valid for any token type"},
                                           {"code", "token_not_valid"},
                                           {"messages", boost::json::array{boost::json::object{
                                                            {"token_class", "AccessToken"},
                                                            {"token_type", "access"},
                                                            {"message", "Token is invalid or expired"}}}}});
      break;
    case errc::unsupported_media_type:
      response = json_response(415, {{"detail", error.message}});
      break;
    case errc::conflict:
      // The original answered a taken email with 400, and its clients expect that.
      response = json_response(400, {{"error", error.message}});
      break;
    default:
      // "Invalid page." is answered as {"detail": ...}, as the original's paginator did.
      response = error.code == errc::not_found && error.message == "Invalid page."
                     ? json_response(404, {{"detail", error.message}})
                     : json_response(status_of(error.code), {{"error", error.message}});
  }
  add_error_headers(response, error);
  return response;
}

http::response status_error(unsigned status, std::string_view message, http::error_style style) {
  if (style == http::error_style::original) {
    return json_response(status, {{"detail", message}});
  }
  if (style == http::error_style::original_view) {
    return json_response(status, {{"error", status == 405 ? std::string_view("Invalid method") : message}});
  }
  return v1_error(status, status_code_name(status), message);
}

}  // namespace pricewatch::api
