// What the fuzz targets share: the input as text, and its first byte as a choice among a target's
// parsers (so one target with one corpus reaches each of them).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace pricewatch::fuzz {

struct chosen_input {
  unsigned choice = 0;    // the first byte modulo the number of choices
  std::string_view text;  // the rest
};

inline chosen_input choose(const std::uint8_t* data, std::size_t size, unsigned choices) {
  if (size == 0) return {0, {}};
  return {data[0] % choices, std::string_view(reinterpret_cast<const char*>(data + 1), size - 1)};
}

inline std::string_view text_of(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace pricewatch::fuzz
