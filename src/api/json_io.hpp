// JSON in and out for handlers: reading a request body as an object (JSON or, on the original
// routes, an HTML form, as Django REST Framework accepted) and writing JSON responses.
#pragma once

#include "core/failure.hpp"
#include "core/price.hpp"
#include "http/http_message.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>

namespace pricewatch::api {

enum class accepted_bodies { json, json_or_form };

// validation_failed when the body is not a JSON object (or a form, when accepted), with a reason;
// unsupported_media_type for any other Content-Type. An empty body reads as an empty object.
result<boost::json::object> read_object(const http::request& request, accepted_bodies accepted);

// The string at key, or nullopt when absent or not a string.
std::optional<std::string> string_field(const boost::json::object& object, std::string_view key);

// A price given as a JSON number or a decimal string: "Price is required." when absent or null,
// "Price must be a number.", "Price must be positive.", "Price must have at most 8 decimal places."
result<price> price_field(const boost::json::object& object, std::string_view key);

http::response json_response(unsigned status, const boost::json::value& body);

}  // namespace pricewatch::api
