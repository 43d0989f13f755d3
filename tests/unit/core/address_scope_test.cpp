// Which destinations an outbound delivery refuses by default: every special-purpose block, IPv4
// seen through IPv6 too; public addresses pass.
#include "core/address_scope.hpp"

#include <gtest/gtest.h>

namespace pricewatch {
namespace {

std::optional<std::string_view> kind_of(const char* text) {
  return non_public_kind(boost::asio::ip::make_address(text));
}

TEST(address_scope, refuses_loopback_private_link_local_multicast_and_unspecified) {
  EXPECT_EQ(kind_of("127.0.0.1"), "loopback");
  EXPECT_EQ(kind_of("127.8.9.10"), "loopback");
  EXPECT_EQ(kind_of("::1"), "loopback");
  EXPECT_EQ(kind_of("10.1.2.3"), "private");
  EXPECT_EQ(kind_of("172.16.0.1"), "private");
  EXPECT_EQ(kind_of("172.31.255.255"), "private");
  EXPECT_EQ(kind_of("192.168.1.1"), "private");
  EXPECT_EQ(kind_of("100.64.0.1"), "private");
  EXPECT_EQ(kind_of("fd00::1"), "private");
  EXPECT_EQ(kind_of("169.254.169.254"), "link-local");  // cloud metadata services live here
  EXPECT_EQ(kind_of("fe80::1"), "link-local");
  EXPECT_EQ(kind_of("224.0.0.1"), "multicast");
  EXPECT_EQ(kind_of("ff02::1"), "multicast");
  EXPECT_EQ(kind_of("0.0.0.0"), "unspecified");
  EXPECT_EQ(kind_of("::"), "unspecified");
  EXPECT_EQ(kind_of("255.255.255.255"), "reserved");
}

TEST(address_scope, judges_an_ipv4_mapped_address_as_its_ipv4_address) {
  EXPECT_EQ(kind_of("::ffff:127.0.0.1"), "loopback");
  EXPECT_EQ(kind_of("::ffff:10.0.0.1"), "private");
  EXPECT_EQ(kind_of("::ffff:93.184.216.34"), std::nullopt);
}

TEST(address_scope, lets_public_addresses_pass) {
  EXPECT_EQ(kind_of("93.184.216.34"), std::nullopt);
  EXPECT_EQ(kind_of("172.32.0.1"), std::nullopt);
  EXPECT_EQ(kind_of("2606:4700::1111"), std::nullopt);
}

}  // namespace
}  // namespace pricewatch
