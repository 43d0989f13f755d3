// When to try a failed notification again: from 1 s, doubling, at most 5 minutes apart, with
// jitter so that a mail server coming back is not hit by every retry at once; 20 attempts in all
// (about an hour), then the notification has failed (DESIGN.md section 6).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

namespace pricewatch {

struct retry_policy {
  std::chrono::milliseconds first_delay{1000};
  std::chrono::milliseconds max_delay{5 * 60 * 1000};
  std::int64_t max_attempts = 20;

  // The delay after attempt number `attempts` (1 = the first) failed, or nullopt when that was
  // the last. jitter in [0, 1) spreads the delay over 80%..120% of the nominal, capped at
  // max_delay.
  std::optional<std::chrono::milliseconds> delay_after(std::int64_t attempts, double jitter) const;
};

}  // namespace pricewatch
