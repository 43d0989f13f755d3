#include "notify/retry_policy.hpp"

#include "core/backoff.hpp"

#include <algorithm>

namespace pricewatch {

std::optional<std::chrono::milliseconds> retry_policy::delay_after(std::int64_t attempts, double jitter) const {
  if (attempts >= max_attempts) {
    return std::nullopt;
  }
  const auto nominal = backoff::nth(first_delay, max_delay, attempts);
  const double factor = 0.8 + 0.4 * std::clamp(jitter, 0.0, 1.0);
  const auto spread = std::chrono::milliseconds(static_cast<std::int64_t>(static_cast<double>(nominal.count()) * factor));
  return std::min(spread, max_delay);
}

}  // namespace pricewatch
