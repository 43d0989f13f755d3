#include "alerts/rolling_extremes.hpp"

#include <algorithm>
#include <limits>

namespace pricewatch {
namespace {

constexpr std::int64_t no_low = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t no_high = std::numeric_limits<std::int64_t>::min();

}  // namespace

rolling_extremes::rolling_extremes(std::int64_t seconds) : seconds_(std::max<std::int64_t>(1, seconds)), leaves_(1) {
  while (leaves_ < static_cast<std::size_t>(seconds_)) leaves_ *= 2;
  low_.assign(2 * leaves_, no_low);
  high_.assign(2 * leaves_, no_high);
}

void rolling_extremes::set_leaf(std::size_t leaf, std::int64_t low, std::int64_t high) {
  auto node = leaf + leaves_;
  low_[node] = low;
  high_[node] = high;
  for (node /= 2; node >= 1; node /= 2) {
    low_[node] = std::min(low_[2 * node], low_[2 * node + 1]);
    high_[node] = std::max(high_[2 * node], high_[2 * node + 1]);
  }
}

// Seconds that leave the window free their leaves: the ring reuses a leaf every `leaves_` seconds.
void rolling_extremes::advance_to(std::int64_t second) {
  if (newest_ && second <= *newest_) return;
  if (!newest_ || second - *newest_ >= static_cast<std::int64_t>(leaves_)) {
    std::fill(low_.begin(), low_.end(), no_low);
    std::fill(high_.begin(), high_.end(), no_high);
  } else {
    for (auto cleared = *newest_ + 1; cleared <= second; ++cleared) {
      set_leaf(static_cast<std::size_t>(cleared) % leaves_, no_low, no_high);
    }
  }
  newest_ = second;
}

void rolling_extremes::record(std::int64_t second, std::int64_t low, std::int64_t high) {
  if (newest_ && second <= *newest_ - seconds_) return;  // older than the window
  advance_to(second);
  const auto leaf = static_cast<std::size_t>(second) % leaves_;
  set_leaf(leaf, std::min(low, low_[leaf + leaves_]), std::max(high, high_[leaf + leaves_]));
}

std::optional<rolling_extremes::extremes> rolling_extremes::over(std::int64_t window, std::int64_t now) {
  if (!newest_) return std::nullopt;
  advance_to(now);
  const auto last = *newest_;
  const auto first = last - std::clamp<std::int64_t>(window, 1, seconds_) + 1;
  // The window is [first, last] in seconds: one or two ranges of leaves in the ring.
  extremes found{no_low, no_high};
  const auto query = [&](std::size_t from, std::size_t to) {  // leaves [from, to]
    for (auto left = from + leaves_, right = to + leaves_ + 1; left < right; left /= 2, right /= 2) {
      if (left & 1) {
        found.low = std::min(found.low, low_[left]);
        found.high = std::max(found.high, high_[left++]);
      }
      if (right & 1) {
        --right;
        found.low = std::min(found.low, low_[right]);
        found.high = std::max(found.high, high_[right]);
      }
    }
  };
  const auto from = static_cast<std::size_t>(first) % leaves_;
  const auto to = static_cast<std::size_t>(last) % leaves_;
  if (from <= to) {
    query(from, to);
  } else {
    query(from, leaves_ - 1);
    query(0, to);
  }
  if (found.low == no_low) return std::nullopt;
  return found;
}

std::size_t rolling_extremes::memory_bytes() const {
  return sizeof(*this) + (low_.capacity() + high_.capacity()) * sizeof(std::int64_t);
}

}  // namespace pricewatch
