// A set of IP addresses and CIDR blocks, as http.trusted_proxies lists them
// ("127.0.0.1, 10.0.0.0/8, ::1, fd00::/8"): parsed once, at startup, then only asked whether an
// address lies in it. Parsing is Boost.Asio's (make_address, make_network_v4/v6).
#pragma once

#include "core/failure.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>

#include <string_view>
#include <vector>

namespace pricewatch {

class ip_networks {
 public:
  ip_networks() = default;  // the empty set

  // Comma-separated entries, each an address or a CIDR block, spaces around them allowed; empty
  // text is the empty set. A block with bits set past its prefix (10.1.2.3/8) means its network
  // (10.0.0.0/8). validation_failed naming the first entry that is neither.
  static result<ip_networks> parse(std::string_view list);

  // Whether the address lies in one of the networks. An IPv4-mapped IPv6 address
  // (::ffff:192.0.2.1, as a dual-stack socket reports an IPv4 peer) is matched as its IPv4 address.
  bool contains(const boost::asio::ip::address& address) const;

  bool empty() const { return v4_.empty() && v6_.empty(); }

 private:
  std::vector<boost::asio::ip::network_v4> v4_;
  std::vector<boost::asio::ip::network_v6> v6_;
};

// The IPv4 address an IPv4-mapped IPv6 address carries; any other address as it is. Client
// addresses go through it so that one client is one key, whichever socket family saw it.
boost::asio::ip::address unmapped(const boost::asio::ip::address& address);

}  // namespace pricewatch
