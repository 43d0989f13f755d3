#include "http/listen_address.hpp"

#include <stdexcept>

namespace pricewatch::http {

boost::asio::ip::tcp::endpoint parse_listen_address(const std::string& listen) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) {
    throw std::runtime_error("http.listen must be host:port, got \"" + listen + "\"");
  }
  auto host = listen.substr(0, colon);
  if (host.size() > 1 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  boost::system::error_code error;
  const auto address = boost::asio::ip::make_address(host, error);
  unsigned long port = 0;
  try {
    port = std::stoul(listen.substr(colon + 1));
  } catch (const std::exception&) {
    port = 65536;
  }
  if (error || port > 65535) {
    throw std::runtime_error("http.listen must be an IP address and port, got \"" + listen + "\"");
  }
  return {address, static_cast<unsigned short>(port)};
}

}  // namespace pricewatch::http
