// When a user wants deliveries (DESIGN.md section 10): their IANA time zone, quiet hours in it
// (deliveries are held until they end, then go out as one digest per channel), and an optional
// digest window (firings within it go out as one message per channel).
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace pricewatch {

// Local times of day in minutes after midnight; start == end is never stored (no quiet hours).
// start > end spans midnight (22:00 to 07:00).
struct quiet_hours {
  int start_minute = 0;
  int end_minute = 0;
  bool operator==(const quiet_hours&) const = default;
};

struct delivery_preferences {
  std::string timezone = "UTC";
  std::optional<quiet_hours> quiet;
  std::chrono::seconds digest{0};  // 0: each firing at once
  bool operator==(const delivery_preferences&) const = default;
};

inline constexpr std::chrono::seconds max_digest{86'400};

}  // namespace pricewatch
