// The one place that turns failures into HTTP statuses and error bodies: the /api/v1 shape
// {"error": {"code", "message"}} and the shapes the original service's clients expect.
#pragma once

#include "core/failure.hpp"
#include "http/http_message.hpp"
#include "http/router.hpp"

#include <string_view>

namespace pricewatch::api {

unsigned status_of(errc code);
std::string_view code_name(errc code);

// {"error": {"code": "...", "message": "..."}}, with Retry-After or WWW-Authenticate where due.
http::response v1_error(const failure& error);
http::response v1_error(unsigned status, std::string_view code, std::string_view message);

// The original routes: {"error": message}, or {"detail": ...} for authentication and pages, as
// Django REST Framework answered.
http::response original_error(const failure& error);

// The router's and the server's own 404, 405, 413, 431, 500 and 503 in either style.
http::response status_error(unsigned status, std::string_view message, http::error_style style);

}  // namespace pricewatch::api
