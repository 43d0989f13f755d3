#include "cache/redis/redis_url.hpp"

#include <boost/url/parse.hpp>

#include <charconv>
#include <stdexcept>

namespace pricewatch {
namespace {

// The URL as it may be shown: whatever stands between "://" and the last '@' is credentials.
std::string without_credentials(const std::string& url) {
  const auto authority = url.find("://");
  const auto at = url.rfind('@');
  if (authority == std::string::npos || at == std::string::npos || at < authority) return url;
  return url.substr(0, authority + 3) + "***" + url.substr(at);
}

[[noreturn]] void refuse(const std::string& url, const std::string& why) {
  throw std::invalid_argument("bad Redis URL " + without_credentials(url) + ": " + why +
                              " (expected redis://[:PASSWORD@]HOST[:PORT][/DB])");
}

}  // namespace

redis_address parse_redis_url(const std::string& url) {
  const auto parsed = boost::urls::parse_uri(url);
  if (!parsed) refuse(url, "not a URL");
  if (parsed->scheme() != "redis") refuse(url, "the scheme must be redis");
  if (parsed->host_type() == boost::urls::host_type::none || parsed->encoded_host().empty()) {
    refuse(url, "no host");
  }
  if (parsed->has_query() || parsed->has_fragment()) refuse(url, "no query or fragment is understood");

  redis_address address;
  address.host = parsed->host_address();
  if (parsed->has_port()) {
    // Read here: Boost 1.81's port_number() wraps a port past 65535 instead of refusing it.
    const auto port = parsed->port();
    const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), address.port);
    if (error != std::errc() || end != port.data() + port.size() || address.port == 0) {
      refuse(url, "the port must be a number from 1 to 65535");
    }
  }
  if (parsed->has_userinfo()) {
    address.user = parsed->user();
    address.password = parsed->password();
    if (address.password.empty()) refuse(url, "a user without a password");
  }
  const std::string path = parsed->path();
  if (!path.empty() && path != "/") {
    const auto digits = std::string_view(path).substr(1);
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), address.database);
    if (error != std::errc() || end != digits.data() + digits.size() || address.database < 0) {
      refuse(url, "the path must be a database number, such as /0");
    }
  }
  return address;
}

std::string describe(const redis_address& address) {
  const bool ipv6 = address.host.find(':') != std::string::npos;
  return (ipv6 ? "[" + address.host + "]" : address.host) + ":" + std::to_string(address.port) + "/" +
         std::to_string(address.database);
}

}  // namespace pricewatch
