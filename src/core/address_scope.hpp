// Whether an IP address is one the public Internet routes to, for outbound deliveries: a channel
// URL must not reach loopback, private, link-local, multicast or unspecified addresses (DESIGN.md
// section 10) unless delivery.allow_private_networks says the operator wants that.
#pragma once

#include <boost/asio/ip/address.hpp>

#include <optional>
#include <string_view>

namespace pricewatch {

// Why the address is not public ("loopback", "private", "link-local", "multicast",
// "unspecified", "reserved"), or nullopt when it is. An IPv4-mapped IPv6 address is judged as its
// IPv4 address.
std::optional<std::string_view> non_public_kind(const boost::asio::ip::address& address);

}  // namespace pricewatch
