// Reads "Authorization: Bearer <JWT>" and checks the token and its account.
#pragma once

#include "auth/authenticator.hpp"
#include "http/http_message.hpp"

#include <optional>

namespace pricewatch::api {

// unauthenticated when no bearer token was sent; invalid_token when it does not verify or its
// account is gone. May read the database (blocking pool): throws backend_error.
result<token_claims> authenticate(const http::request& request, authenticator& callers);

// The same on the I/O thread: nullopt when only the database can tell (run on the pool then).
std::optional<result<token_claims>> authenticate_without_blocking(const http::request& request,
                                                                  const authenticator& callers);

}  // namespace pricewatch::api
