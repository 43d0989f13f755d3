#include "http/request_origin.hpp"

#include "http/forwarded.hpp"

#include <boost/url/parse.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace pricewatch::http {
namespace {

// 1 to 65535 in digits: Boost.URL's grammar takes any number of them.
bool is_port_number(std::string_view digits) {
  unsigned long number = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
  return error == std::errc{} && end == digits.data() + digits.size() && number >= 1 && number <= 65535;
}

}  // namespace

std::optional<std::string> url_host(std::string_view host) {
  const bool plain = !host.empty() && host.size() <= 255 && std::all_of(host.begin(), host.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
  });
  if (!plain) return std::nullopt;
  // The characters alone let "[[" or "a:b:c" through: it must also read as an authority.
  const auto authority = boost::urls::parse_authority(host);
  if (!authority || authority->host_type() == boost::urls::host_type::none) return std::nullopt;
  if (authority->has_port() && !is_port_number(authority->port())) return std::nullopt;
  return std::string(host);
}

std::string base_url(std::string_view scheme, std::string_view host, std::string_view public_url) {
  if (!public_url.empty()) return std::string(public_url);
  return std::string(scheme) + "://" + url_host(host).value_or("localhost");
}

void resolve_origin(request& incoming, const std::optional<boost::asio::ip::address>& peer,
                    const origin_settings& settings) {
  auto origin = believed_origin(peer, incoming.headers, settings.trusted_proxies);
  incoming.client_address = std::move(origin.client_address);
  incoming.scheme = origin.scheme.value_or("http");
  // A forwarded host unfit for a URL is garbage like any other: the Host header stands.
  auto host = origin.host ? url_host(*origin.host) : std::nullopt;
  incoming.host = host ? std::move(*host) : url_host(incoming.header("host")).value_or("");
  incoming.base_url = base_url(incoming.scheme, incoming.host, settings.public_url);
}

}  // namespace pricewatch::http
