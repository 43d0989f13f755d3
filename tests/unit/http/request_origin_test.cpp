// Tests what a request carries about its origin once the server has read it: the client address,
// scheme and host believed, which hosts may stand in a link, and where links begin (the
// base-URL decision: http.public_url, else the scheme and host the client used).
#include "http/request_origin.hpp"

#include <gtest/gtest.h>

namespace pricewatch::http {
namespace {

using boost::asio::ip::make_address;

request with_headers(std::vector<std::pair<std::string, std::string>> headers) {
  request incoming;
  incoming.headers = std::move(headers);
  return incoming;
}

origin_settings behind_nginx(std::string public_url = "") {
  return origin_settings{ip_networks::parse("127.0.0.1").value(), std::move(public_url)};
}

TEST(url_host, accepts_names_addresses_and_ports) {
  EXPECT_EQ(url_host("alerts.example.com"), "alerts.example.com");
  EXPECT_EQ(url_host("127.0.0.1:8000"), "127.0.0.1:8000");
  EXPECT_EQ(url_host("[::1]:8000"), "[::1]:8000");
  EXPECT_EQ(url_host("Alerts-2.Example.COM:443"), "Alerts-2.Example.COM:443");
}

TEST(url_host, refuses_what_a_link_must_not_echo) {
  for (const auto* host : {"", "evil.com/<script>", "a@b.com", "evil.com/path", "[[", "[::1", "a:b:c", "host:",
                           "host:0", "host:99999", "a b", "\"x\""}) {
    EXPECT_EQ(url_host(host), std::nullopt) << '"' << host << '"';
  }
  EXPECT_EQ(url_host(std::string(256, 'a')), std::nullopt);
}

TEST(base_url, is_the_public_url_when_set) {
  EXPECT_EQ(base_url("http", "127.0.0.1:8001", "https://alerts.example.com"), "https://alerts.example.com");
  EXPECT_EQ(base_url("https", "x.example", "https://example.com/pricewatch"), "https://example.com/pricewatch");
}

TEST(base_url, is_the_scheme_and_host_the_client_used_otherwise) {
  EXPECT_EQ(base_url("https", "alerts.example.com", ""), "https://alerts.example.com");
  EXPECT_EQ(base_url("http", "127.0.0.1:8000", ""), "http://127.0.0.1:8000");
  EXPECT_EQ(base_url("http", "", ""), "http://localhost");
  EXPECT_EQ(base_url("http", "evil.com/<script>", ""), "http://localhost");
}

TEST(resolve_origin, a_direct_client_is_its_peer_with_its_host_header) {
  auto incoming = with_headers({{"host", "127.0.0.1:8000"}, {"x-forwarded-for", "203.0.113.9"},
                                {"x-forwarded-proto", "https"}, {"x-forwarded-host", "forged.example"}});
  resolve_origin(incoming, make_address("192.0.2.5"), behind_nginx());
  EXPECT_EQ(incoming.client_address, "192.0.2.5");
  EXPECT_EQ(incoming.scheme, "http");
  EXPECT_EQ(incoming.host, "127.0.0.1:8000");
  EXPECT_EQ(incoming.base_url, "http://127.0.0.1:8000");
}

TEST(resolve_origin, behind_a_trusted_proxy_takes_its_word) {
  auto incoming = with_headers({{"host", "127.0.0.1:8001"}, {"x-forwarded-for", "203.0.113.9, 127.0.0.1"},
                                {"x-forwarded-proto", "https"}, {"x-forwarded-host", "alerts.example.com:8443"}});
  resolve_origin(incoming, make_address("127.0.0.1"), behind_nginx());
  EXPECT_EQ(incoming.client_address, "203.0.113.9");
  EXPECT_EQ(incoming.scheme, "https");
  EXPECT_EQ(incoming.host, "alerts.example.com:8443");
  EXPECT_EQ(incoming.base_url, "https://alerts.example.com:8443");
}

TEST(resolve_origin, a_forwarded_host_unfit_for_a_link_leaves_the_host_header) {
  auto incoming = with_headers({{"host", "alerts.example.com"}, {"x-forwarded-host", "evil.com/<script>"},
                                {"x-forwarded-proto", "https"}});
  resolve_origin(incoming, make_address("127.0.0.1"), behind_nginx());
  EXPECT_EQ(incoming.base_url, "https://alerts.example.com");
}

TEST(resolve_origin, the_public_url_is_the_base_whatever_the_request_says) {
  auto incoming = with_headers({{"host", "127.0.0.1:8001"}, {"x-forwarded-host", "other.example"}});
  resolve_origin(incoming, make_address("127.0.0.1"), behind_nginx("https://alerts.example.com/prices"));
  EXPECT_EQ(incoming.host, "other.example") << "the host is still what the client used";
  EXPECT_EQ(incoming.base_url, "https://alerts.example.com/prices");
}

TEST(resolve_origin, an_unusable_host_links_to_localhost) {
  auto incoming = with_headers({{"host", "a@b.com"}});
  resolve_origin(incoming, std::nullopt, {});
  EXPECT_EQ(incoming.client_address, "unknown");
  EXPECT_EQ(incoming.host, "");
  EXPECT_EQ(incoming.base_url, "http://localhost");
}

}  // namespace
}  // namespace pricewatch::http
