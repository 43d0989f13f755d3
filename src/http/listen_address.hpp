// The address the server listens on, from the http.listen setting ("127.0.0.1:8000",
// "[::1]:8000"; port 0 picks a free one).
#pragma once

#include <boost/asio/ip/tcp.hpp>

#include <string>

namespace pricewatch::http {

// Throws std::runtime_error naming http.listen when it is not an IP address and a port.
boost::asio::ip::tcp::endpoint parse_listen_address(const std::string& listen);

}  // namespace pricewatch::http
