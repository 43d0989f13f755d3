// Tests reading http.listen: IPv4 and bracketed IPv6 with a port, and a clear error otherwise.
#include "http/listen_address.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace pricewatch::http {
namespace {

TEST(parse_listen_address, reads_an_address_and_a_port) {
  const auto v4 = parse_listen_address("127.0.0.1:8000");
  EXPECT_EQ(v4.address().to_string(), "127.0.0.1");
  EXPECT_EQ(v4.port(), 8000);
  const auto v6 = parse_listen_address("[::1]:0");
  EXPECT_EQ(v6.address().to_string(), "::1");
  EXPECT_EQ(v6.port(), 0);
}

TEST(parse_listen_address, refuses_what_is_not_an_address_and_a_port_naming_the_setting) {
  for (const char* listen : {"8000", "localhost:8000", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:http", ""}) {
    try {
      parse_listen_address(listen);
      ADD_FAILURE() << listen << " accepted";
    } catch (const std::runtime_error& error) {
      EXPECT_EQ(std::string(error.what()).rfind("http.listen must be", 0), 0u) << error.what();
    }
  }
}

}  // namespace
}  // namespace pricewatch::http
