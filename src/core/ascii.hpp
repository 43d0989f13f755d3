// ASCII case folding for protocol text (header names, email keys, stream names), where
// locale-dependent std::tolower on a char would be wrong for bytes above 127.
#pragma once

#include <string>
#include <string_view>

namespace pricewatch {

inline char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

inline std::string ascii_lower(std::string_view text) {
  std::string lowered(text);
  for (auto& c : lowered) c = ascii_lower(c);
  return lowered;
}

}  // namespace pricewatch
