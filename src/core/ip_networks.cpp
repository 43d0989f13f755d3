#include "core/ip_networks.hpp"

#include <algorithm>
#include <string>

namespace pricewatch {
namespace {

namespace ip = boost::asio::ip;

std::string_view trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

}  // namespace

ip::address unmapped(const ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return ip::make_address_v4(ip::v4_mapped, address.to_v6());
  }
  return address;
}

result<ip_networks> ip_networks::parse(std::string_view list) {
  ip_networks parsed;
  while (!list.empty()) {
    const auto comma = list.find(',');
    const auto entry = std::string(trimmed(list.substr(0, comma)));
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    if (entry.empty()) continue;  // "a, b," and "" are lists too
    boost::system::error_code error;
    if (entry.find('/') == std::string::npos) {
      const auto address = unmapped(ip::make_address(entry, error));
      if (!error && address.is_v4()) parsed.v4_.emplace_back(address.to_v4(), 32);
      if (!error && address.is_v6()) parsed.v6_.emplace_back(address.to_v6(), 128);
    } else if (entry.find(':') == std::string::npos) {
      const auto network = ip::make_network_v4(entry, error);
      if (!error) parsed.v4_.push_back(network.canonical());
    } else {
      const auto network = ip::make_network_v6(entry, error);
      if (!error) parsed.v6_.push_back(network.canonical());
    }
    if (error) {
      return make_failure(errc::validation_failed,
                          "\"" + entry + "\" is neither an IP address nor a CIDR block such as 10.0.0.0/8 or fd00::/8");
    }
  }
  return parsed;
}

bool ip_networks::contains(const ip::address& address) const {
  const auto plain = unmapped(address);
  if (plain.is_v4()) {
    return std::any_of(v4_.begin(), v4_.end(), [&](const ip::network_v4& network) {
      return ip::network_v4(plain.to_v4(), network.prefix_length()).canonical() == network;
    });
  }
  return std::any_of(v6_.begin(), v6_.end(), [&](const ip::network_v6& network) {
    return ip::network_v6(plain.to_v6(), network.prefix_length()).canonical() == network;
  });
}

}  // namespace pricewatch
