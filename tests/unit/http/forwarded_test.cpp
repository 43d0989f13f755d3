// Tests which forwarding headers are believed and what they say: only from a trusted peer;
// X-Forwarded-For walked from the right past trusted proxies; Forwarded (RFC 7239) in its forms
// and preferred to X-Forwarded-*; garbage falling back to the peer, never failing.
#include "http/forwarded.hpp"

#include <gtest/gtest.h>

namespace pricewatch::http {
namespace {

using boost::asio::ip::make_address;
using header_list = std::vector<std::pair<std::string, std::string>>;

const auto nginx = make_address("127.0.0.1");
const auto stranger = make_address("192.0.2.77");

ip_networks trusted(std::string_view list = "127.0.0.1, 10.0.0.0/8, fd00::/8") { return ip_networks::parse(list).value(); }

forwarded_origin from(const boost::asio::ip::address& peer, const header_list& headers) {
  return believed_origin(peer, headers, trusted());
}

std::string client_of(const header_list& headers) { return from(nginx, headers).client_address; }

TEST(believed_origin, without_headers_the_peer_is_the_client) {
  const auto origin = from(stranger, {});
  EXPECT_EQ(origin.client_address, "192.0.2.77");
  EXPECT_EQ(origin.scheme, std::nullopt);
  EXPECT_EQ(origin.host, std::nullopt);
  EXPECT_EQ(believed_origin(std::nullopt, {}, trusted()).client_address, "unknown");
  EXPECT_EQ(from(make_address("::ffff:192.0.2.77"), {}).client_address, "192.0.2.77");
}

TEST(believed_origin, ignores_every_forwarding_header_from_an_untrusted_peer) {
  const header_list forged{{"x-forwarded-for", "203.0.113.9"},
                           {"x-forwarded-proto", "https"},
                           {"x-forwarded-host", "evil.example"},
                           {"forwarded", "for=203.0.113.9;proto=https;host=evil.example"}};
  const auto origin = from(stranger, forged);
  EXPECT_EQ(origin.client_address, "192.0.2.77");
  EXPECT_EQ(origin.scheme, std::nullopt);
  EXPECT_EQ(origin.host, std::nullopt);
  EXPECT_EQ(believed_origin(nginx, forged, ip_networks{}).client_address, "127.0.0.1") << "no proxy trusted by default";
}

TEST(believed_origin, x_forwarded_headers_from_a_trusted_peer) {
  const auto origin = from(nginx, {{"x-forwarded-for", "203.0.113.9"},
                                   {"x-forwarded-proto", "https"},
                                   {"x-forwarded-host", "alerts.example.com"}});
  EXPECT_EQ(origin.client_address, "203.0.113.9");
  EXPECT_EQ(origin.scheme, "https");
  EXPECT_EQ(origin.host, "alerts.example.com");
}

TEST(believed_origin, x_forwarded_for_is_the_rightmost_address_that_is_not_a_trusted_proxy) {
  // A client's own X-Forwarded-For sits on the left, where it is never reached.
  EXPECT_EQ(client_of({{"x-forwarded-for", "1.2.3.4, 203.0.113.9"}}), "203.0.113.9");
  EXPECT_EQ(client_of({{"x-forwarded-for", "1.2.3.4, 203.0.113.9, 10.0.0.5, 127.0.0.1"}}), "203.0.113.9");
  EXPECT_EQ(client_of({{"x-forwarded-for", "1.2.3.4"}, {"x-forwarded-for", "203.0.113.9, 10.1.1.1"}}), "203.0.113.9")
      << "several fields are one list, in order";
  EXPECT_EQ(client_of({{"x-forwarded-for", "10.0.0.9, 127.0.0.1"}}), "10.0.0.9") << "all trusted: the leftmost";
  EXPECT_EQ(client_of({{"x-forwarded-for", " 2001:db8::1 ,fd00::2"}}), "2001:db8::1");
  EXPECT_EQ(client_of({{"x-forwarded-for", "::ffff:203.0.113.9"}}), "203.0.113.9");
}

TEST(believed_origin, x_forwarded_for_members_may_carry_ports) {
  EXPECT_EQ(client_of({{"x-forwarded-for", "203.0.113.9:51234"}}), "203.0.113.9");
  EXPECT_EQ(client_of({{"x-forwarded-for", "[2001:db8::1]:443"}}), "2001:db8::1");
  EXPECT_EQ(client_of({{"x-forwarded-for", "[2001:db8::1]"}}), "2001:db8::1");
}

TEST(believed_origin, garbage_where_the_client_should_be_leaves_the_peer) {
  EXPECT_EQ(client_of({{"x-forwarded-for", "203.0.113.9, not-an-address"}}), "127.0.0.1");
  EXPECT_EQ(client_of({{"x-forwarded-for", "unknown"}}), "127.0.0.1");
  EXPECT_EQ(client_of({{"x-forwarded-for", "203.0.113.9:99999999"}}), "127.0.0.1");
  EXPECT_EQ(client_of({{"x-forwarded-for", "[2001:db8::1"}}), "127.0.0.1");
  EXPECT_EQ(client_of({{"x-forwarded-for", ""}}), "127.0.0.1");
  EXPECT_EQ(client_of({{"x-forwarded-for", ",,"}}), "127.0.0.1");
  // Past the client, on the left, garbage does not matter.
  EXPECT_EQ(client_of({{"x-forwarded-for", "<script>, 203.0.113.9"}}), "203.0.113.9");
}

TEST(believed_origin, x_forwarded_proto_and_host_give_their_rightmost_value) {
  const auto origin = from(nginx, {{"x-forwarded-proto", "http, HTTPS"}, {"x-forwarded-host", "a.example, b.example"}});
  EXPECT_EQ(origin.scheme, "https");
  EXPECT_EQ(origin.host, "b.example");
  EXPECT_EQ(from(nginx, {{"x-forwarded-proto", "ftp"}}).scheme, std::nullopt);
  EXPECT_EQ(from(nginx, {{"x-forwarded-proto", ""}}).scheme, std::nullopt);
  EXPECT_EQ(from(nginx, {{"x-forwarded-host", " , "}}).host, std::nullopt);
}

TEST(believed_origin, forwarded_gives_for_proto_and_host) {
  const auto origin = from(nginx, {{"forwarded", "for=203.0.113.9;proto=https;host=alerts.example.com"}});
  EXPECT_EQ(origin.client_address, "203.0.113.9");
  EXPECT_EQ(origin.scheme, "https");
  EXPECT_EQ(origin.host, "alerts.example.com");
}

TEST(believed_origin, forwarded_reads_quoted_values_ports_and_ipv6) {
  EXPECT_EQ(client_of({{"forwarded", R"(for="[2001:db8:cafe::17]:4711")"}}), "2001:db8:cafe::17");
  EXPECT_EQ(client_of({{"forwarded", R"(for="[2001:db8:cafe::17]")"}}), "2001:db8:cafe::17");
  EXPECT_EQ(client_of({{"forwarded", R"(for="192.0.2.43:47011")"}}), "192.0.2.43");
  EXPECT_EQ(client_of({{"forwarded", R"(For="192.0.2.43:_hidden";PROTO=https)"}}), "192.0.2.43") << "names in any case";
  EXPECT_EQ(client_of({{"forwarded", R"(for="\1\9\2.0.2.43")"}}), "192.0.2.43") << "quoted-pairs";
  EXPECT_EQ(from(nginx, {{"forwarded", R"(for=192.0.2.43;host="alerts.example.com:8443")"}}).host,
            "alerts.example.com:8443");
}

TEST(believed_origin, forwarded_elements_are_walked_from_the_right) {
  EXPECT_EQ(client_of({{"forwarded", "for=1.2.3.4, for=203.0.113.9;proto=https, for=10.0.0.1"}}), "203.0.113.9");
  EXPECT_EQ(client_of({{"forwarded", "for=1.2.3.4"}, {"forwarded", "for=203.0.113.9 ; by=10.0.0.1"}}), "203.0.113.9");
  EXPECT_EQ(client_of({{"forwarded", "for=10.0.0.9, for=127.0.0.1"}}), "10.0.0.9") << "all trusted: the leftmost";
  // The proto and host are those of the element that describes the client's request.
  const auto origin = from(nginx, {{"forwarded", "for=1.2.3.4;proto=http;host=a.example, "
                                                 "for=203.0.113.9;proto=https;host=b.example, for=10.0.0.1;proto=http"}});
  EXPECT_EQ(origin.scheme, "https");
  EXPECT_EQ(origin.host, "b.example");
}

TEST(believed_origin, an_unknown_or_obfuscated_client_in_forwarded_leaves_the_peer) {
  const auto origin = from(nginx, {{"forwarded", "for=unknown;proto=https"}});
  EXPECT_EQ(origin.client_address, "127.0.0.1");
  EXPECT_EQ(origin.scheme, "https") << "the trusted proxy still says how the request came";
  EXPECT_EQ(client_of({{"forwarded", "for=_gazonk"}}), "127.0.0.1");
  EXPECT_EQ(client_of({{"forwarded", "proto=https"}}), "127.0.0.1");
}

TEST(believed_origin, a_malformed_forwarded_field_leaves_the_peer_and_says_nothing) {
  for (const auto* field : {R"(for="203.0.113.9)", "for=203.0.113.9;for=1.2.3.4", "for", "for=", "=1.2.3.4",
                            "for=203.0.113.9 proto=https", "for=[2001:db8::1]", "for=203.0.113.9;;proto=https\x01"}) {
    const auto origin = from(nginx, {{"forwarded", field}, {"x-forwarded-for", "198.51.100.1"}});
    EXPECT_EQ(origin.client_address, "127.0.0.1") << field;
    EXPECT_EQ(origin.scheme, std::nullopt) << field;
  }
}

TEST(believed_origin, forwarded_wins_over_x_forwarded_headers) {
  const auto origin = from(nginx, {{"x-forwarded-for", "198.51.100.1"},
                                   {"x-forwarded-proto", "http"},
                                   {"x-forwarded-host", "x.example"},
                                   {"forwarded", "for=203.0.113.9;proto=https"}});
  EXPECT_EQ(origin.client_address, "203.0.113.9");
  EXPECT_EQ(origin.scheme, "https");
  EXPECT_EQ(origin.host, std::nullopt) << "Forwarded said no host; X-Forwarded-Host is not read";
}

TEST(believed_origin, empty_list_members_of_forwarded_are_skipped) {
  EXPECT_EQ(client_of({{"forwarded", ", for=203.0.113.9,,"}}), "203.0.113.9");
}

}  // namespace
}  // namespace pricewatch::http
