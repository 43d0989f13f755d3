// Tests reading the exchange's configured URL into scheme, host, port and base path.
#include "feed/endpoint.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace pricewatch {
namespace {

TEST(parse_endpoint, binance_stream_url) {
  const auto parsed = parse_endpoint("wss://stream.binance.com:9443");
  EXPECT_TRUE(parsed.tls);
  EXPECT_EQ(parsed.host, "stream.binance.com");
  EXPECT_EQ(parsed.port, "9443");
  EXPECT_EQ(parsed.base_path, "");
}

TEST(parse_endpoint, plain_local_url_with_a_base_path) {
  const auto parsed = parse_endpoint("ws://127.0.0.1:5000/base/");
  EXPECT_FALSE(parsed.tls);
  EXPECT_EQ(parsed.host, "127.0.0.1");
  EXPECT_EQ(parsed.port, "5000");
  EXPECT_EQ(parsed.base_path, "/base");
  EXPECT_EQ(parse_endpoint("http://127.0.0.1:9000/a/b//").base_path, "/a/b");
}

TEST(parse_endpoint, default_ports) {
  const auto secure = parse_endpoint("https://api.binance.com");
  EXPECT_TRUE(secure.tls);
  EXPECT_EQ(secure.host, "api.binance.com");
  EXPECT_EQ(secure.port, "443");
  const auto plain = parse_endpoint("http://localhost/");
  EXPECT_FALSE(plain.tls);
  EXPECT_EQ(plain.port, "80");
  EXPECT_EQ(plain.base_path, "");
  EXPECT_EQ(parse_endpoint("wss://stream.binance.com").port, "443");
  EXPECT_EQ(parse_endpoint("ws://localhost").port, "80");
}

TEST(parse_endpoint, refuses_other_schemes_and_non_urls) {
  for (const auto* url : {"ftp://example.com", "smtp://mail.example.com:25", "stream.binance.com:9443", "", "wss://",
                          "/relative/path", "http:///no-host"}) {
    EXPECT_THROW(parse_endpoint(url), std::invalid_argument) << url;
  }
  try {
    parse_endpoint("ftp://example.com");
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("ftp://example.com"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace pricewatch
