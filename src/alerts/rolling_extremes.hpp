// The lowest and highest price of one symbol over a trailing window (DESIGN.md section 9: the
// `moving_*` alerts), at one-second resolution. Prices may arrive late and out of order (a gap in
// the feed is filled from candles after live trades resumed), so the seconds are kept in a ring
// under a segment tree rather than in monotonic queues: recording any second of the last window
// and asking for the window's extremes both cost O(log window).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace pricewatch {

class rolling_extremes {
 public:
  struct extremes {
    std::int64_t low = 0;
    std::int64_t high = 0;
  };

  // Keeps the last `seconds` seconds (at least 1): the longest window asked for.
  explicit rolling_extremes(std::int64_t seconds);

  // Records a price (in units) seen during the second `second` (Unix seconds). Seconds older than
  // the window behind the newest second recorded are dropped; a newer one moves the window.
  void record(std::int64_t second, std::int64_t low, std::int64_t high);

  // The extremes of the `window` seconds (at most those kept) ending with `now` (inclusive);
  // nullopt when none of them holds a price. `now` before the newest second recorded reads as it.
  std::optional<extremes> over(std::int64_t window, std::int64_t now);

  std::size_t memory_bytes() const;

 private:
  void advance_to(std::int64_t second);
  void set_leaf(std::size_t leaf, std::int64_t low, std::int64_t high);

  std::int64_t seconds_;
  std::size_t leaves_;                    // a power of two >= seconds_
  std::vector<std::int64_t> low_, high_;  // segment trees: node i has children 2i and 2i+1
  std::optional<std::int64_t> newest_;    // the newest second recorded
};

}  // namespace pricewatch
