// Reads "Authorization: Bearer <JWT>" and verifies the token.
#pragma once

#include "auth/token_service.hpp"
#include "http/http_message.hpp"

namespace pricewatch::api {

// unauthenticated when no bearer token was sent; invalid_token when it does not verify.
result<token_claims> authenticate(const http::request& request, const token_service& tokens);

}  // namespace pricewatch::api
