#include "api/query_parameters.hpp"

#include <boost/url/parse_query.hpp>
#include <boost/url/url.hpp>

namespace pricewatch::api {
namespace {

// A Host header that is not a plain host[:port] is not echoed into links.
std::string link_host(std::string_view host) {
  const bool plain = !host.empty() && host.size() <= 255 && std::all_of(host.begin(), host.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
  });
  return plain ? std::string(host) : "localhost";
}

}  // namespace

std::optional<std::string> query_parameter(std::string_view query, std::string_view name) {
  auto params = boost::urls::parse_query(query);
  if (!params) {
    return std::nullopt;
  }
  for (const auto& param : *params) {
    if (param.key == name) {
      return param.value.decode();
    }
  }
  return std::nullopt;
}

std::string page_link(const http::request& request, std::int64_t page) {
  boost::urls::url link;
  link.set_scheme("http");
  link.set_encoded_authority(link_host(request.header("host")));
  link.set_path(request.path);
  if (auto params = boost::urls::parse_query(request.query)) {
    for (const auto& param : *params) {
      if (param.key != "page") {
        link.encoded_params().append(param);
      }
    }
  }
  if (page > 1) {
    link.params().append({"page", std::to_string(page)});
  }
  return std::string(link.buffer());
}

}  // namespace pricewatch::api
