// Tests the address and CIDR set behind http.trusted_proxies: what parses, what is refused with
// the entry named, and which addresses each kind of entry holds.
#include "core/ip_networks.hpp"

#include <gtest/gtest.h>

namespace pricewatch {
namespace {

using boost::asio::ip::make_address;

ip_networks parsed(std::string_view list) {
  auto networks = ip_networks::parse(list);
  EXPECT_TRUE(networks) << list << ": " << (networks ? "" : networks.error().message);
  return networks ? *networks : ip_networks{};
}

std::string refusal(std::string_view list) {
  const auto networks = ip_networks::parse(list);
  EXPECT_FALSE(networks) << list << " parsed";
  if (networks) return "";
  EXPECT_EQ(networks.error().code, errc::validation_failed);
  return networks.error().message;
}

TEST(ip_networks, empty_text_is_the_empty_set) {
  EXPECT_TRUE(parsed("").empty());
  EXPECT_TRUE(parsed(" , ").empty());
  EXPECT_FALSE(parsed("").contains(make_address("127.0.0.1")));
}

TEST(ip_networks, a_single_address_holds_itself_alone) {
  const auto networks = parsed("127.0.0.1");
  EXPECT_TRUE(networks.contains(make_address("127.0.0.1")));
  EXPECT_FALSE(networks.contains(make_address("127.0.0.2")));
  EXPECT_FALSE(networks.contains(make_address("::1")));
}

TEST(ip_networks, a_cidr_block_holds_its_range) {
  const auto networks = parsed("10.0.0.0/8, 192.168.1.0/24");
  EXPECT_TRUE(networks.contains(make_address("10.255.3.4")));
  EXPECT_TRUE(networks.contains(make_address("192.168.1.200")));
  EXPECT_FALSE(networks.contains(make_address("192.168.2.1")));
  EXPECT_FALSE(networks.contains(make_address("11.0.0.1")));
}

TEST(ip_networks, ipv6_addresses_and_blocks) {
  const auto networks = parsed("::1,fd00::/8");
  EXPECT_TRUE(networks.contains(make_address("::1")));
  EXPECT_TRUE(networks.contains(make_address("fd12:3456::9")));
  EXPECT_FALSE(networks.contains(make_address("fe80::1")));
  EXPECT_FALSE(networks.contains(make_address("0.0.0.1")));
}

TEST(ip_networks, a_block_with_host_bits_means_its_network) {
  const auto networks = parsed("10.1.2.3/8");
  EXPECT_TRUE(networks.contains(make_address("10.200.0.1")));
}

TEST(ip_networks, an_ipv4_mapped_address_matches_as_ipv4) {
  const auto networks = parsed("127.0.0.1, 10.0.0.0/8");
  EXPECT_TRUE(networks.contains(make_address("::ffff:127.0.0.1")));
  EXPECT_TRUE(networks.contains(make_address("::ffff:10.9.8.7")));
  EXPECT_TRUE(parsed("::ffff:192.0.2.1").contains(make_address("192.0.2.1"))) << "a mapped entry is its IPv4 address";
  EXPECT_EQ(unmapped(make_address("::ffff:192.0.2.1")).to_string(), "192.0.2.1");
  EXPECT_EQ(unmapped(make_address("2001:db8::1")).to_string(), "2001:db8::1");
}

TEST(ip_networks, names_the_entry_that_is_neither_address_nor_block) {
  EXPECT_NE(refusal("127.0.0.1, nginx.local").find("\"nginx.local\""), std::string::npos);
  EXPECT_NE(refusal("10.0.0.0/33").find("\"10.0.0.0/33\""), std::string::npos);
  EXPECT_NE(refusal("fd00::/129").find("\"fd00::/129\""), std::string::npos);
  EXPECT_NE(refusal("10.0.0.0/").find("\"10.0.0.0/\""), std::string::npos);
  EXPECT_NE(refusal("10.0.0.0/8x").find("\"10.0.0.0/8x\""), std::string::npos);
  EXPECT_NE(refusal("256.0.0.1").find("\"256.0.0.1\""), std::string::npos);
  EXPECT_NE(refusal("127.0.0.1 10.0.0.1").find("\"127.0.0.1 10.0.0.1\""), std::string::npos) << "spaces do not separate";
}

}  // namespace
}  // namespace pricewatch
