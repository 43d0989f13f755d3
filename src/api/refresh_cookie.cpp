#include "api/refresh_cookie.hpp"

#include "core/ascii.hpp"

namespace pricewatch::api {
namespace {

std::string attributes(const http::request& request) {
  return std::string("; Path=/api/v1/tokens; HttpOnly; SameSite=Strict") + (request.scheme == "https" ? "; Secure" : "");
}

}  // namespace

std::string refresh_cookie(const std::string& token, std::chrono::seconds max_age, const http::request& request) {
  return std::string(refresh_cookie_name) + "=" + token + "; Max-Age=" + std::to_string(max_age.count()) +
         attributes(request);
}

std::string cleared_refresh_cookie(const http::request& request) {
  return std::string(refresh_cookie_name) + "=; Max-Age=0" + attributes(request);
}

std::optional<std::string> refresh_cookie_of(const http::request& request) {
  // "a=1; b=2" in one header or several (RFC 6265 5.4 says one; HTTP/2 proxies may split it).
  for (const auto& [name, value] : request.headers) {
    if (name != "cookie") continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      const auto end = rest.find(';');
      const auto pair = trim(rest.substr(0, end));
      rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
      const auto equals = pair.find('=');
      if (equals == std::string_view::npos || trim(pair.substr(0, equals)) != refresh_cookie_name) continue;
      const auto token = trim(pair.substr(equals + 1));
      if (!token.empty()) return std::string(token);
    }
  }
  return std::nullopt;
}

}  // namespace pricewatch::api
