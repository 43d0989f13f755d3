#include "http/request_conversion.hpp"

#include "core/ascii.hpp"
#include "http/router.hpp"

#include <boost/asio/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/url/parse.hpp>


namespace pricewatch::http {
namespace bhttp = boost::beast::http;

namespace {

bool safe_request_id(std::string_view id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
}


}  // namespace

std::variant<request, response> convert_request(const beast_request& message, const std::string& client_address,
                                                const std::string& fresh_request_id, const router& routes) {
  request converted;
  const auto sent_id = message["X-Request-Id"];
  converted.request_id = safe_request_id(sent_id) ? std::string(sent_id) : fresh_request_id;
  converted.method = std::string(message.method_string());
  converted.target = std::string(message.target());
  const auto target = boost::urls::parse_origin_form(message.target());
  if (!target) {
    auto rejected = routes.error_response(400, "The request target is not a valid path.", error_style::v1);
    rejected.with_header("X-Request-Id", converted.request_id);
    return rejected;
  }
  converted.path = target->path();
  converted.query = std::string(target->encoded_query());
  for (const auto& field : message) {
    converted.headers.emplace_back(ascii_lower(field.name_string()), std::string(field.value()));
  }
  converted.body = message.body();
  converted.client_address = client_address;
  return converted;
}

std::optional<response> response_for_read_error(const boost::system::error_code& error, const router& routes) {
  if (error == bhttp::error::body_limit) {
    return routes.error_response(413, "The request body is larger than 64 KiB.", error_style::v1);
  }
  if (error == bhttp::error::header_limit) {
    return routes.error_response(431, "The request headers are larger than 8 KiB.", error_style::v1);
  }
  if (error == bhttp::error::end_of_stream || error == boost::beast::error::timeout ||
      error == boost::asio::error::operation_aborted || error == boost::asio::error::connection_reset ||
      error == boost::asio::error::eof || error == bhttp::error::partial_message) {
    return std::nullopt;
  }
  if (error.category() == bhttp::make_error_code(bhttp::error::bad_method).category()) {
    return routes.error_response(400, "The request is not valid HTTP/1.1.", error_style::v1);
  }
  return std::nullopt;
}

beast_response convert_response(response answer, unsigned version, bool keep_alive, const std::string& request_id) {
  beast_response message{static_cast<bhttp::status>(answer.status), version};
  if (!answer.content_type.empty()) {
    message.set(bhttp::field::content_type, answer.content_type);
  }
  for (auto& [name, value] : answer.headers) {
    message.insert(name, value);
  }
  if (!request_id.empty()) {
    message.set("X-Request-Id", request_id);
  }
  // API answers are per user and per moment: never stored, unless the handler says otherwise.
  if (message.find(bhttp::field::cache_control) == message.end()) {
    message.set(bhttp::field::cache_control, "no-store");
  }
  message.body() = std::move(answer.body);
  message.keep_alive(keep_alive);
  message.prepare_payload();
  return message;
}

}  // namespace pricewatch::http
