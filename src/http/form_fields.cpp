#include "http/form_fields.hpp"

#include "core/ascii.hpp"

#include <boost/beast/http/rfc7230.hpp>
#include <boost/url/parse_query.hpp>

namespace pricewatch::http {
namespace {

failure malformed(std::string reason) { return make_failure(errc::validation_failed, std::move(reason)); }

// A quoted-string's content with its backslash escapes resolved; other values as they are.
std::string unquote(std::string_view value) {
  if (value.size() < 2 || value.front() != '"' || value.back() != '"') {
    return std::string(value);
  }
  std::string text;
  for (std::size_t at = 1; at + 1 < value.size(); ++at) {
    if (value[at] == '\\' && at + 2 < value.size()) ++at;
    text += value[at];
  }
  return text;
}

// A part's headers, each line "Name: value", and the name its Content-Disposition gives it.
result<std::string> part_name(std::string_view headers) {
  while (!headers.empty()) {
    const auto end = std::min(headers.find("\r\n"), headers.size());
    const auto line = headers.substr(0, end);
    headers.remove_prefix(std::min(end + 2, headers.size()));
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || ascii_lower(line.substr(0, colon)) != "content-disposition") {
      continue;
    }
    auto value = line.substr(colon + 1);
    const auto semicolon = value.find(';');
    if (ascii_lower(trim(value.substr(0, semicolon))) != "form-data") {
      return malformed("A part's Content-Disposition is not form-data.");
    }
    auto name = header_parameter(value, "name");
    if (name.empty()) {
      return malformed("A part has no name.");
    }
    return name;
  }
  return malformed("A part has no Content-Disposition.");
}

}  // namespace

std::string header_parameter(std::string_view header_value, std::string_view name) {
  const auto semicolon = header_value.find(';');
  if (semicolon == std::string_view::npos) {
    return {};
  }
  for (const auto& [key, value] : boost::beast::http::param_list(header_value.substr(semicolon))) {
    if (ascii_lower(std::string_view(key.data(), key.size())) == ascii_lower(name)) {
      return unquote(std::string_view(value.data(), value.size()));
    }
  }
  return {};
}

result<form_fields> read_urlencoded_form(std::string_view body) {
  auto params = boost::urls::parse_query(body);
  if (!params) {
    return malformed("Body is not a valid form.");
  }
  boost::urls::encoding_opts form_encoding;
  form_encoding.space_as_plus = true;
  form_fields fields;
  for (const auto& param : *params) {
    fields.emplace_back(param.key.decode(form_encoding), param.value.decode(form_encoding));
  }
  return fields;
}

result<form_fields> read_multipart_form(std::string_view content_type, std::string_view body) {
  const auto boundary = header_parameter(content_type, "boundary");
  // RFC 2046: 1 to 70 characters.
  if (boundary.empty() || boundary.size() > 70) {
    return malformed("multipart/form-data needs a boundary parameter of 1 to 70 characters.");
  }
  const std::string delimiter = "\r\n--" + boundary;
  // Anything before the first delimiter is a preamble, to be ignored; the body may start with it.
  const std::string padded = "\r\n" + std::string(body);
  std::string_view rest = padded;
  auto at = rest.find(delimiter);
  if (at == std::string_view::npos) {
    return malformed("multipart/form-data body has no part.");
  }
  rest.remove_prefix(at + delimiter.size());
  form_fields fields;
  while (!rest.starts_with("--")) {
    // Transport padding, then the line break that ends the delimiter line.
    rest.remove_prefix(std::min(rest.find_first_not_of(" \t"), rest.size()));
    if (!rest.starts_with("\r\n")) {
      return malformed("multipart/form-data delimiter is not followed by a line break.");
    }
    rest.remove_prefix(2);
    const auto headers_end = rest.starts_with("\r\n") ? 0 : rest.find("\r\n\r\n");
    if (headers_end == std::string_view::npos) {
      return malformed("multipart/form-data part has no end to its headers.");
    }
    auto name = part_name(rest.substr(0, headers_end));
    if (!name) {
      return name.error();
    }
    rest.remove_prefix(headers_end + (headers_end == 0 ? 2 : 4));
    const auto content_end = rest.find(delimiter);
    if (content_end == std::string_view::npos) {
      return malformed("multipart/form-data body ends inside a part.");
    }
    fields.emplace_back(std::move(*name), std::string(rest.substr(0, content_end)));
    rest.remove_prefix(content_end + delimiter.size());
  }
  return fields;
}

}  // namespace pricewatch::http
