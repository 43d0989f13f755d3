#include "api/query_parameters.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/parse_query.hpp>
#include <boost/url/url.hpp>

namespace pricewatch::api {
namespace {

// The request's base URL (request_origin.hpp), or the one a request that has none would get.
boost::urls::url link_base(const http::request& request) {
  if (auto base = boost::urls::parse_absolute_uri(request.base_url)) return boost::urls::url(*base);
  return boost::urls::url("http://localhost");
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
  boost::urls::url link = link_base(request);
  link.set_path(std::string(link.path()) + request.path);
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
