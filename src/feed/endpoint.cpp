#include "feed/endpoint.hpp"

#include <boost/url/parse.hpp>

#include <stdexcept>

namespace pricewatch {

endpoint parse_endpoint(const std::string& url) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed || parsed->host().empty()) {
    throw std::invalid_argument("not an absolute URL with a host: " + url);
  }
  const std::string scheme(parsed->scheme());
  endpoint result;
  if (scheme == "wss" || scheme == "https") {
    result.tls = true;
  } else if (scheme == "ws" || scheme == "http") {
    result.tls = false;
  } else {
    throw std::invalid_argument("unsupported scheme in " + url);
  }
  result.host = parsed->host_address();
  result.port = parsed->has_port() ? std::string(parsed->port()) : (result.tls ? "443" : "80");
  result.base_path = parsed->path();
  while (!result.base_path.empty() && result.base_path.back() == '/') result.base_path.pop_back();
  return result;
}

}  // namespace pricewatch
