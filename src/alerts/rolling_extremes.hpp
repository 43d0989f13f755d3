// The lowest and highest price of one symbol over a trailing window (DESIGN.md section 9: the
// `moving_*` alerts), kept in buckets of `grain` seconds (one second for short windows; longer
// ones need no such precision, as Binance's own rolling-window statistics are kept per minute).
// A window of L seconds ending with `now` is every bucket that holds one of its seconds: the L
// seconds up to now and, with a grain over one second, up to a grain more before them (never
// fewer: a low or high is never forgotten early, so no move is missed).
// Prices may arrive late and out of order (a gap in the feed is filled from candles after live
// trades resumed), so the buckets are kept in a ring under a segment tree rather than in monotonic
// queues: asking for any window's extremes costs O(log window). Three things make the trigger
// engine's every second cheap: a second within the newest bucket only merges into it; the whole
// window's extremes are kept, so moving on by a bucket costs O(1) unless the bucket that leaves
// held the low or the high; and the tree above new buckets is brought up to date in batches, when
// a question needs it or a minute of them has gathered, rather than once per bucket.
#pragma once

#include <algorithm>
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

  // Keeps the last `seconds` seconds (at least 1): the longest window asked for, in buckets of
  // `grain` seconds (at least 1).
  explicit rolling_extremes(std::int64_t seconds, std::int64_t grain = 1);

  // Records a price (in units) seen during the second `second` (Unix seconds). Seconds older than
  // the window behind the newest second recorded are dropped; a newer one moves the window.
  void record(std::int64_t second, std::int64_t low, std::int64_t high);

  // The extremes of the `window` seconds (at most those kept) ending with `now` (inclusive), in
  // whole buckets; nullopt when none of them holds a price. `now` before the newest second
  // recorded reads as it.
  std::optional<extremes> over(std::int64_t window, std::int64_t now);
  // The same for the whole window, with low > high when it holds no price: the trigger engine's
  // question on every new second, answered in registers rather than through an optional.
  extremes over_whole(std::int64_t now);

  // The first second at which the whole window's low or high may change with time alone (the
  // oldest bucket holding either leaves), as last asked for by over_whole; a price recorded since
  // may only make it later. The largest value while the window holds no price.
  std::int64_t steady_until() const;

  std::int64_t seconds() const { return seconds_; }
  std::int64_t grain() const { return grain_; }
  // The newest second recorded or asked for, if any.
  std::optional<std::int64_t> newest() const { return newest_second_; }
  std::size_t memory_bytes() const;

 private:
  // Below, "bucket" is a bucket's number: its first second divided by the grain.
  std::int64_t bucket_of(std::int64_t second) const;
  std::int64_t buckets_of(std::int64_t seconds) const;
  extremes whole_at(std::int64_t bucket);
  void advance_to(std::int64_t bucket);
  std::size_t leaf_of(std::int64_t bucket) const { return static_cast<std::size_t>(bucket) & (leaves_ - 1); }
  extremes& leaf(std::int64_t bucket) { return tree_[leaf_of(bucket) + leaves_]; }
  void set_leaf(std::size_t leaf_index, extremes value);
  void bring_up_to_date();
  void update_above(std::size_t first_leaf, std::size_t last_leaf);
  extremes query(std::int64_t first, std::int64_t last);
  std::int64_t oldest_holding(std::int64_t first, std::int64_t last, std::int64_t value, bool low);

  std::int64_t seconds_;
  std::int64_t grain_;
  std::int64_t span_;           // buckets kept: every one that may hold a second of the window
  std::size_t leaves_;          // a power of two >= span_
  std::vector<extremes> tree_;  // a segment tree: node i has children 2i and 2i+1; leaves by bucket
  std::optional<std::int64_t> newest_;  // the newest bucket recorded or asked for
  std::optional<std::int64_t> newest_second_;
  // Leaves of the buckets from stale_from_ to newest_ were written without updating the nodes
  // above them; none when stale_from_ > newest_.
  std::int64_t stale_from_ = 0;
  // The extremes of the whole window ending with newest_ (no_low/no_high when it holds no price),
  // valid unless a second that held one of them has left the window since.
  extremes whole_{};
  bool whole_known_ = false;
  // While whole_known_: the oldest buckets that hold whole_'s low and high.
  std::int64_t low_from_ = 0;
  std::int64_t high_from_ = 0;
};

}  // namespace pricewatch
