#include "http/request_conversion.hpp"

#include "core/ascii.hpp"
#include "http/router.hpp"

#include <boost/asio/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/url/parse.hpp>

#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <vector>


namespace pricewatch::http {
namespace bhttp = boost::beast::http;

namespace {

bool safe_request_id(std::string_view id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
}


std::ptrdiff_t count_of(const bhttp::fields& fields, bhttp::field name) {
  const auto [first, last] = fields.equal_range(name);
  return std::distance(first, last);
}

// The codings of every Transfer-Encoding field, in order, lower-case, without parameters.
std::vector<std::string> transfer_codings(const beast_request_header& header) {
  std::vector<std::string> codings;
  const auto [first_field, end_field] = header.equal_range(bhttp::field::transfer_encoding);
  for (auto field = first_field; field != end_field; ++field) {
    std::string_view rest = field->value();
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      auto item = rest.substr(0, comma);
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      item = trim(item.substr(0, item.find(';')));
      if (item.empty()) continue;  // empty list members are ignored (RFC 9110 5.6.1)
      codings.push_back(ascii_lower(item));
    }
  }
  return codings;
}

}  // namespace

std::optional<response> framing_error(const beast_request_header& header, const router& routes) {
  const auto refuse = [&routes](unsigned status, std::string_view message) {
    return routes.error_response(status, message, error_style::v1);
  };
  const auto hosts = count_of(header, bhttp::field::host);
  if (header.version() >= 11 && hosts != 1) {
    return refuse(400, hosts == 0 ? "An HTTP/1.1 request needs a Host header." : "Send one Host header.");
  }
  if (header.find(bhttp::field::transfer_encoding) == header.end()) return std::nullopt;
  if (header.version() < 11) {
    return refuse(400, "Transfer-Encoding is not allowed in HTTP/1.0.");
  }
  const auto codings = transfer_codings(header);
  if (codings.empty() || codings.back() != "chunked") {
    return refuse(400, "Transfer-Encoding must end with chunked.");
  }
  for (std::size_t index = 0; index + 1 < codings.size(); ++index) {
    if (codings[index] == "chunked") {
      return refuse(400, "Transfer-Encoding may name chunked once, last.");
    }
  }
  if (codings.size() > 1) {
    return refuse(501, "Only the chunked transfer coding is implemented.");
  }
  return std::nullopt;
}

std::variant<request, response> convert_request(const beast_request& message,
                                                const std::optional<boost::asio::ip::address>& peer,
                                                const origin_settings& origin, const std::string& fresh_request_id,
                                                const router& routes) {
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
  if (count_of(message, bhttp::field::authorization) > 1) {
    auto rejected = routes.error_response(400, "Send one Authorization header.", error_style::v1);
    rejected.with_header("X-Request-Id", converted.request_id);
    return rejected;
  }
  converted.path = target->path();
  converted.query = std::string(target->encoded_query());
  for (const auto& field : message) {
    converted.headers.emplace_back(ascii_lower(field.name_string()), std::string(field.value()));
  }
  converted.body = message.body();
  resolve_origin(converted, peer, origin);
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

void add_security_headers(bhttp::fields& fields) {
  static constexpr std::pair<std::string_view, std::string_view> defaults[] = {
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "same-origin"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
  };
  for (const auto& [name, value] : defaults) {
    if (fields.find(name) == fields.end()) fields.set(name, value);
  }
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
  add_security_headers(message.base());
  message.body() = std::move(answer.body);
  message.keep_alive(keep_alive);
  message.prepare_payload();
  return message;
}

}  // namespace pricewatch::http
