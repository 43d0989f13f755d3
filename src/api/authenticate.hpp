// Reads "Authorization: Bearer <JWT>" and checks the token and its account.
#pragma once

#include "auth/authenticator.hpp"
#include "http/http_message.hpp"

#include <optional>

namespace pricewatch::api {

// The failure for "Bearer" with no token or with more than one part (as the original's REST
// framework read the header: split on whitespace, exactly two parts), an invalid_token whose
// message the original routes answer with the code bad_authorization_header.
inline constexpr std::string_view bad_authorization_header_message =
    "Authorization header must contain two space-delimited values";

// unauthenticated when no bearer token was sent (no header, another scheme); invalid_token when
// the header is malformed, or the token does not verify or its account is gone. May read the
// database (blocking pool): throws backend_error.
result<token_claims> authenticate(const http::request& request, authenticator& callers);

// The same on the I/O thread: nullopt when only the database can tell (run on the pool then).
std::optional<result<token_claims>> authenticate_without_blocking(const http::request& request,
                                                                  const authenticator& callers);

}  // namespace pricewatch::api
