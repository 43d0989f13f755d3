#include "api/json_io.hpp"

#include "alerts/alert_rules.hpp"
#include "core/ascii.hpp"
#include "http/form_fields.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace pricewatch::api {
namespace {

failure invalid_body(std::string reason) { return make_failure(errc::validation_failed, std::move(reason)); }

std::string_view media_type(std::string_view content_type) {
  return trim(content_type.substr(0, content_type.find(';')));
}

bool is_json_type(std::string_view type) {
  return type.empty() || ascii_lower(type) == "application/json" || type.ends_with("+json");
}

result<boost::json::object> parse_json(const std::string& body) {
  boost::system::error_code error;
  // Depth is bounded so that a hostile body cannot exhaust the stack.
  boost::json::parse_options options;
  options.max_depth = 32;
  auto value = boost::json::parse(body, error, {}, options);
  if (error) {
    return invalid_body("Body is not valid JSON.");
  }
  if (!value.is_object()) {
    return invalid_body("Body must be a JSON object.");
  }
  return std::move(value.as_object());
}

boost::json::object as_object(http::form_fields fields) {
  boost::json::object object;
  // A repeated name keeps its last value, as Django's QueryDict.get gives it.
  for (auto& [name, value] : fields) object[name] = std::move(value);
  return object;
}

// The original read any body that parses as a JSON object as one; forms only otherwise.
result<boost::json::object> read_as_the_original(const http::request& request, std::string_view type) {
  auto json = parse_json(request.body);
  if (json) {
    return json;
  }
  const auto lowered = ascii_lower(type);
  if (lowered == "application/x-www-form-urlencoded") {
    auto fields = http::read_urlencoded_form(request.body);
    if (!fields) return fields.error();
    return as_object(std::move(*fields));
  }
  if (lowered == "multipart/form-data") {
    auto fields = http::read_multipart_form(request.header("content-type"), request.body);
    if (!fields) return fields.error();
    return as_object(std::move(*fields));
  }
  return json;
}

}  // namespace

result<boost::json::object> read_object(const http::request& request, dialect spoken) {
  const auto type = media_type(request.header("content-type"));
  if (request.body.empty()) {
    return boost::json::object{};
  }
  if (spoken == dialect::original) {
    return read_as_the_original(request, type);
  }
  if (is_json_type(type)) {
    return parse_json(request.body);
  }
  return make_failure(errc::unsupported_media_type, "Unsupported media type \"" + std::string(type) + "\" in request.");
}

std::optional<std::string> string_field(const boost::json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  if (value == nullptr || !value->is_string()) {
    return std::nullopt;
  }
  return std::string(value->as_string());
}

result<price> price_field(const boost::json::object& object, std::string_view key, dialect spoken) {
  const auto* value = object.if_contains(key);
  if (value == nullptr || value->is_null()) {
    return make_failure(errc::validation_failed, "Price is required.");
  }
  result<price> parsed = make_failure(errc::validation_failed, "Price must be a number.");
  if (value->is_string()) {
    parsed = spoken == dialect::original ? price::parse_rounded(value->as_string()) : price::parse(value->as_string());
  } else if (value->is_int64()) {
    const auto whole = value->as_int64();
    parsed = whole < 0 ? result<price>(make_failure(errc::validation_failed, "Price must be positive."))
                       : price::parse(std::to_string(whole));
  } else if (value->is_uint64()) {
    parsed = price::parse(std::to_string(value->as_uint64()));
  } else if (value->is_double()) {
    parsed = price::from_double(value->as_double());
  }
  if (!parsed) {
    return parsed;
  }
  return validate_target(*parsed);
}

http::response json_response(unsigned status, const boost::json::value& body) {
  http::response response;
  response.status = status;
  response.body = boost::json::serialize(body);
  return response;
}

http::response no_content_response() {
  http::response response;
  response.status = 204;
  response.content_type.clear();
  return response;
}

}  // namespace pricewatch::api
