// The body of a token answer (POST /api/v1/tokens, /api/v1/tokens/refresh, a password change):
// the access token, and a session's refresh token unless the browser keeps it in its cookie.
#pragma once

#include "auth/account_lifecycle.hpp"
#include "http/http_message.hpp"

namespace pricewatch::api {

// Where a client keeps its refresh token: in the JSON (non-browser clients) or in the HttpOnly
// cookie only (the browser app), never both, so that script never sees the app's.
enum class refresh_delivery { json, cookie };

// 200 {access_token, token_type, expires_in}; no-store.
http::response access_token_response(const issued_token& access);

// The same with the session: refresh_expires_in, and refresh_token in the JSON or Set-Cookie.
http::response session_response(const session_login& session, refresh_delivery delivery, const http::request& request);

}  // namespace pricewatch::api
