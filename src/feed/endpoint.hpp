// Where the exchange is: scheme (TLS or not), host, port and base path, from a configured URL
// such as wss://stream.binance.com:9443 or http://127.0.0.1:9000 (tests).
#pragma once

#include <string>

namespace pricewatch {

struct endpoint {
  bool tls = true;
  std::string host;
  std::string port;
  std::string base_path;  // without a trailing "/"
};

// Accepts ws://, wss://, http:// and https://. Throws std::invalid_argument naming the URL.
endpoint parse_endpoint(const std::string& url);

}  // namespace pricewatch
