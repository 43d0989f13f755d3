// JSON in and out for handlers: reading a request body as an object (on the original routes, as
// loosely as the original read it) and writing JSON responses.
#pragma once

#include "core/failure.hpp"
#include "core/price.hpp"
#include "http/http_message.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>

namespace pricewatch::api {

// What the clients of a family of routes send (DESIGN.md section 8). v1: a JSON body declared as
// JSON, prices as documented. original: what the original service's clients sent it: a body that
// parses as a JSON object whatever its Content-Type (a bare fetch() says text/plain, `curl -d`
// says a form), otherwise a form or multipart/form-data body; prices as Python's Decimal() reads
// them.
enum class dialect { v1, original };

// An empty body reads as an empty object. Otherwise validation_failed, with the reason, when the
// body is not a JSON object (nor a form, in the original dialect); unsupported_media_type in the
// v1 dialect for a Content-Type that is not JSON.
result<boost::json::object> read_object(const http::request& request, dialect spoken);

// The string at key, or nullopt when absent or not a string.
std::optional<std::string> string_field(const boost::json::object& object, std::string_view key);

// A price given as a JSON number or a decimal string: "Price is required." when absent or null,
// "Price must be a number.", "Price must be positive.", "Price is too large.". A JSON number is
// rounded half-even to 8 decimals in either dialect (floating-point noise must not fail a client);
// a string is too in the original dialect (price::parse_rounded), while v1 refuses one with
// "Price must have at most 8 decimal places." (price::parse).
result<price> price_field(const boost::json::object& object, std::string_view key, dialect spoken);

http::response json_response(unsigned status, const boost::json::value& body);
// 204 with no body and no Content-Type (a deletion, a logout).
http::response no_content_response();

}  // namespace pricewatch::api
