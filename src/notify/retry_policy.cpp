#include "notify/retry_policy.hpp"

#include <algorithm>

namespace pricewatch {

std::optional<std::chrono::milliseconds> retry_policy::delay_after(std::int64_t attempts, double jitter) const {
  if (attempts >= max_attempts) {
    return std::nullopt;
  }
  auto nominal = first_delay;
  for (std::int64_t i = 1; i < attempts && nominal < max_delay; ++i) {
    nominal *= 2;
  }
  nominal = std::min(nominal, max_delay);
  const double factor = 0.8 + 0.4 * std::clamp(jitter, 0.0, 1.0);
  const auto spread = std::chrono::milliseconds(static_cast<std::int64_t>(static_cast<double>(nominal.count()) * factor));
  return std::min(spread, max_delay);
}

}  // namespace pricewatch
