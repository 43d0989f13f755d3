#include "api/json_io.hpp"

#include "alerts/alert_rules.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/parse_query.hpp>

namespace pricewatch::api {
namespace {

failure invalid_body(std::string reason) { return make_failure(errc::validation_failed, std::move(reason)); }

std::string_view media_type(std::string_view content_type) {
  auto end = content_type.find(';');
  auto type = content_type.substr(0, end);
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  return type;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

result<boost::json::object> read_json(const std::string& body) {
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

result<boost::json::object> read_form(const std::string& body) {
  auto params = boost::urls::parse_query(body);
  if (!params) {
    return invalid_body("Body is not a valid form.");
  }
  // HTML forms encode a space as "+", as Django decoded it.
  boost::urls::encoding_opts form_encoding;
  form_encoding.space_as_plus = true;
  boost::json::object object;
  for (const auto& param : *params) {
    object[param.key.decode(form_encoding)] = param.value.decode(form_encoding);
  }
  return object;
}

}  // namespace

result<boost::json::object> read_object(const http::request& request, accepted_bodies accepted) {
  const auto type = media_type(request.header("content-type"));
  if (request.body.empty()) {
    return boost::json::object{};
  }
  if (type.empty() || equals_ignoring_case(type, "application/json") || type.ends_with("+json")) {
    return read_json(request.body);
  }
  if (accepted == accepted_bodies::json_or_form && equals_ignoring_case(type, "application/x-www-form-urlencoded")) {
    return read_form(request.body);
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

result<price> price_field(const boost::json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  if (value == nullptr || value->is_null()) {
    return make_failure(errc::validation_failed, "Price is required.");
  }
  result<price> parsed = make_failure(errc::validation_failed, "Price must be a number.");
  if (value->is_string()) {
    parsed = price::parse(value->as_string());
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

}  // namespace pricewatch::api
