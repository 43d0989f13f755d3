// ASCII character classes and case folding for protocol text (header names, email keys, stream
// names, numbers), where locale-dependent std::tolower or std::isdigit on a char would be wrong
// for bytes above 127.
#pragma once

#include <string>
#include <string_view>

namespace pricewatch {

inline bool ascii_digit(char c) { return c >= '0' && c <= '9'; }

// text without the characters of `blanks` at either end (HTTP's optional white space by default).
inline std::string_view trim(std::string_view text, std::string_view blanks = " \t") {
  const auto first = text.find_first_not_of(blanks);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(blanks) - first + 1);
}

inline char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

inline std::string ascii_lower(std::string_view text) {
  std::string lowered(text);
  for (auto& c : lowered) c = ascii_lower(c);
  return lowered;
}

}  // namespace pricewatch
