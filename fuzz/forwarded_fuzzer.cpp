// Forwarding headers from a trusted proxy (src/http/forwarded.hpp) and the trusted-proxies list of
// the configuration (core/ip_networks.hpp). The input is lines: the first is the proxies' list,
// each next one a header "name: value".
#include "core/ip_networks.hpp"
#include "fuzz_input.hpp"
#include "http/forwarded.hpp"

#include <boost/asio/ip/address.hpp>

#include <string>
#include <utility>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto text = pricewatch::fuzz::text_of(data, size);
  auto next_line = [&text] {
    const auto end = text.find('\n');
    const auto line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    return line;
  };
  auto trusted = pricewatch::ip_networks::parse(next_line());
  const auto proxies = trusted ? *trusted : *pricewatch::ip_networks::parse("127.0.0.0/8, ::1");
  std::vector<std::pair<std::string, std::string>> headers;
  while (!text.empty()) {
    const auto line = next_line();
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    headers.emplace_back(std::string(line.substr(0, colon)), std::string(line.substr(colon + 1)));
  }
  (void)pricewatch::http::believed_origin(boost::asio::ip::make_address("127.0.0.1"), headers, proxies);
  (void)pricewatch::http::believed_origin(std::nullopt, headers, proxies);
  return 0;
}
