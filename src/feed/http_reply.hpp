// An exchange's answer to a REST request, as the exchanges' parsers read it.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace pricewatch {

struct http_reply {
  unsigned status = 0;
  std::string body;
  std::optional<std::chrono::seconds> retry_after;  // the Retry-After header, in seconds
};

}  // namespace pricewatch
