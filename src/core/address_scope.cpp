#include "core/address_scope.hpp"

#include "core/ip_networks.hpp"

#include <array>

namespace pricewatch {
namespace {

struct block {
  std::string_view cidr;
  std::string_view kind;
};

// RFC 6890's special-purpose blocks that no public destination uses.
constexpr std::array<block, 20> blocks{{
    {"0.0.0.0/8", "unspecified"},
    {"10.0.0.0/8", "private"},
    {"100.64.0.0/10", "private"},  // carrier-grade NAT
    {"127.0.0.0/8", "loopback"},
    {"169.254.0.0/16", "link-local"},
    {"172.16.0.0/12", "private"},
    {"192.0.0.0/24", "reserved"},
    {"192.168.0.0/16", "private"},
    {"198.18.0.0/15", "reserved"},
    {"224.0.0.0/4", "multicast"},
    {"240.0.0.0/4", "reserved"},
    {"::/128", "unspecified"},
    {"::1/128", "loopback"},
    {"64:ff9b:1::/48", "private"},
    {"100::/64", "reserved"},
    {"fc00::/7", "private"},
    {"fe80::/10", "link-local"},
    {"fec0::/10", "private"},  // deprecated site-local
    {"ff00::/8", "multicast"},
    {"2001:db8::/32", "reserved"},
}};

}  // namespace

std::optional<std::string_view> non_public_kind(const boost::asio::ip::address& address) {
  const auto plain = unmapped(address);
  for (const auto& [cidr, kind] : blocks) {
    // Parsed per call: a few dozen comparisons per outbound connection, nothing to cache.
    const auto network = ip_networks::parse(cidr);
    if (network && network->contains(plain)) return kind;
  }
  if (plain.is_v4() && plain.to_v4() == boost::asio::ip::address_v4::broadcast()) return "reserved";
  return std::nullopt;
}

}  // namespace pricewatch
