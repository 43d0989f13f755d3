// The browser app's refresh token, kept where script cannot read it (issue 16): an HttpOnly,
// SameSite=Strict cookie, Secure when the request came over HTTPS, sent only to /api/v1/tokens
// and below (log in, refresh, log out).
#pragma once

#include "http/http_message.hpp"

#include <chrono>
#include <optional>
#include <string>

namespace pricewatch::api {

inline constexpr std::string_view refresh_cookie_name = "pricewatch_refresh";

// The Set-Cookie value that stores the token for max_age.
std::string refresh_cookie(const std::string& token, std::chrono::seconds max_age, const http::request& request);
// The Set-Cookie value that removes it.
std::string cleared_refresh_cookie(const http::request& request);
// The token the request's Cookie headers carry; nullopt when none.
std::optional<std::string> refresh_cookie_of(const http::request& request);

}  // namespace pricewatch::api
