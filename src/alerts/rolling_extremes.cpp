#include "alerts/rolling_extremes.hpp"

#include <algorithm>
#include <limits>

namespace pricewatch {
namespace {

constexpr std::int64_t no_low = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t no_high = std::numeric_limits<std::int64_t>::min();
constexpr rolling_extremes::extremes nothing{no_low, no_high};

bool same(const rolling_extremes::extremes& a, const rolling_extremes::extremes& b) {
  return a.low == b.low && a.high == b.high;
}

// Leaves written since the tree above them was last updated, at most: a minute or so of seconds
// costs about two nodes a second, against a path to the root for each.
constexpr std::int64_t most_stale = 64;

}  // namespace

rolling_extremes::rolling_extremes(std::int64_t seconds, std::int64_t grain)
    : seconds_(std::max<std::int64_t>(1, seconds)), grain_(std::max<std::int64_t>(1, grain)), span_(0), leaves_(1) {
  span_ = buckets_of(seconds_);
  while (leaves_ < static_cast<std::size_t>(span_)) leaves_ *= 2;
  tree_.assign(2 * leaves_, nothing);
}

std::int64_t rolling_extremes::bucket_of(std::int64_t second) const {
  if (grain_ == 1) return second;  // most windows: no division on every price
  return second >= 0 ? second / grain_ : -((-second + grain_ - 1) / grain_);
}

// The buckets that hold `seconds` seconds ending anywhere: a whole one per grain, and one more
// for the part-bucket at the start when the end is not a bucket's last second.
std::int64_t rolling_extremes::buckets_of(std::int64_t seconds) const {
  return (seconds + grain_ - 1) / grain_ + (grain_ > 1 ? 1 : 0);
}

// One late leaf: the nodes above it at once, up to the first that keeps its value (its ancestors
// then keep theirs). Nodes above stale leaves are recomputed with them later anyway.
void rolling_extremes::set_leaf(std::size_t leaf_index, extremes value) {
  auto node = leaf_index + leaves_;
  tree_[node] = value;
  for (node /= 2; node >= 1; node /= 2) {
    const extremes merged{std::min(tree_[2 * node].low, tree_[2 * node + 1].low),
                          std::max(tree_[2 * node].high, tree_[2 * node + 1].high)};
    if (same(merged, tree_[node])) return;
    tree_[node] = merged;
  }
}

// Every node above the leaves [first_leaf, last_leaf], level by level: about twice as many nodes
// as leaves, plus the path to the root.
void rolling_extremes::update_above(std::size_t first_leaf, std::size_t last_leaf) {
  for (auto left = (first_leaf + leaves_) / 2, right = (last_leaf + leaves_) / 2; left >= 1; left /= 2, right /= 2) {
    for (auto node = left; node <= right; ++node) {
      tree_[node] = extremes{std::min(tree_[2 * node].low, tree_[2 * node + 1].low),
                             std::max(tree_[2 * node].high, tree_[2 * node + 1].high)};
    }
  }
}

void rolling_extremes::bring_up_to_date() {
  if (!newest_ || stale_from_ > *newest_) return;
  if (*newest_ - stale_from_ + 1 >= static_cast<std::int64_t>(leaves_)) {
    update_above(0, leaves_ - 1);
  } else {
    const auto first = leaf_of(stale_from_);
    const auto last = leaf_of(*newest_);
    if (first <= last) {
      update_above(first, last);
    } else {
      update_above(first, leaves_ - 1);
      update_above(0, last);
    }
  }
  stale_from_ = *newest_ + 1;
}

// Buckets that leave the window free their leaves: the ring reuses a leaf every `leaves_` buckets.
void rolling_extremes::advance_to(std::int64_t bucket) {
  if (newest_ && bucket <= *newest_) return;
  if (!newest_ || bucket - *newest_ >= static_cast<std::int64_t>(leaves_)) {
    std::fill(tree_.begin(), tree_.end(), nothing);
    whole_ = nothing;  // everything kept is older than the window now
    whole_known_ = true;
    stale_from_ = bucket + 1;
  } else {
    const auto old = *newest_;
    // The window's extremes stay what they were unless the oldest bucket holding one leaves.
    if (whole_known_ && whole_.low != no_low && std::min(low_from_, high_from_) <= bucket - span_) {
      whole_known_ = false;
    }
    for (auto cleared = old + 1; cleared <= bucket; ++cleared) leaf(cleared) = nothing;  // stale from old + 1 at most
  }
  newest_ = bucket;
  if (bucket - stale_from_ + 1 >= most_stale) bring_up_to_date();
}

void rolling_extremes::record(std::int64_t second, std::int64_t low, std::int64_t high) {
  const auto bucket = bucket_of(second);
  if (newest_ && bucket <= *newest_ - span_) return;  // older than the window
  newest_second_ = std::max(newest_second_.value_or(second), second);
  advance_to(bucket);
  const auto& held = leaf(bucket);
  const extremes merged{std::min(low, held.low), std::max(high, held.high)};
  if (bucket >= stale_from_) {
    leaf(bucket) = merged;
  } else if (!same(merged, held)) {
    set_leaf(leaf_of(bucket), merged);  // a late bucket, behind the stale ones
  }
  if (whole_known_) {  // the bucket is within the window ending with newest_
    if (low < whole_.low || (low == whole_.low && bucket < low_from_)) low_from_ = bucket;
    if (high > whole_.high || (high == whole_.high && bucket < high_from_)) high_from_ = bucket;
    whole_.low = std::min(whole_.low, low);
    whole_.high = std::max(whole_.high, high);
  }
}

// The extremes of the buckets [first, last], at most leaves_ of them: one or two ranges of leaves.
rolling_extremes::extremes rolling_extremes::query(std::int64_t first, std::int64_t last) {
  bring_up_to_date();
  extremes found = nothing;
  const auto add = [&](std::size_t from, std::size_t to) {  // leaves [from, to]
    for (auto left = from + leaves_, right = to + leaves_ + 1; left < right; left /= 2, right /= 2) {
      if (left & 1) {
        found.low = std::min(found.low, tree_[left].low);
        found.high = std::max(found.high, tree_[left++].high);
      }
      if (right & 1) {
        --right;
        found.low = std::min(found.low, tree_[right].low);
        found.high = std::max(found.high, tree_[right].high);
      }
    }
  };
  const auto from = leaf_of(first);
  const auto to = leaf_of(last);
  if (from <= to) {
    add(from, to);
  } else {
    add(from, leaves_ - 1);
    add(0, to);
  }
  return found;
}

// The oldest bucket of [first, last] (the tree up to date) whose low (high) is `value`, the
// range's own low (high): the first node from the left of those covering the range that holds it,
// then down that node's side that holds it, to the leaf.
std::int64_t rolling_extremes::oldest_holding(std::int64_t first, std::int64_t last, std::int64_t value, bool low) {
  const auto holds = [&](std::size_t node) { return (low ? tree_[node].low : tree_[node].high) == value; };
  const auto leftmost_in = [&](std::size_t from, std::size_t to) -> std::optional<std::size_t> {  // leaves [from, to]
    std::size_t right_nodes[64];
    std::size_t right_count = 0;
    for (auto left = from + leaves_, right = to + leaves_ + 1; left < right; left /= 2, right /= 2) {
      if (left & 1) {
        if (holds(left)) return left;
        ++left;
      }
      if (right & 1) right_nodes[right_count++] = --right;
    }
    while (right_count > 0) {  // collected right to left
      const auto node = right_nodes[--right_count];
      if (holds(node)) return node;
    }
    return std::nullopt;
  };
  const auto from = leaf_of(first);
  const auto to = leaf_of(last);
  auto node = from <= to ? leftmost_in(from, to) : leftmost_in(from, leaves_ - 1);
  if (!node && from > to) node = leftmost_in(0, to);
  if (!node) return first;  // cannot happen for the range's own extreme; the oldest is the safe answer
  auto at = *node;
  while (at < leaves_) at = holds(2 * at) ? 2 * at : 2 * at + 1;
  const auto leaf_index = static_cast<std::int64_t>(at - leaves_);
  // The bucket of that leaf within [first, last]: counted back from last's leaf, round the ring.
  const auto back = (static_cast<std::int64_t>(to) - leaf_index + static_cast<std::int64_t>(leaves_)) %
                    static_cast<std::int64_t>(leaves_);
  return last - back;
}

rolling_extremes::extremes rolling_extremes::over_whole(std::int64_t now) {
  if (!newest_) return nothing;
  newest_second_ = std::max(*newest_second_, now);
  return whole_at(bucket_of(now));
}

rolling_extremes::extremes rolling_extremes::whole_at(std::int64_t bucket) {
  advance_to(bucket);
  if (!whole_known_) {
    const auto first = *newest_ - span_ + 1;
    whole_ = query(first, *newest_);
    whole_known_ = true;
    if (whole_.low != no_low) {
      low_from_ = oldest_holding(first, *newest_, whole_.low, true);
      high_from_ = oldest_holding(first, *newest_, whole_.high, false);
    }
  }
  return whole_;
}

std::optional<rolling_extremes::extremes> rolling_extremes::over(std::int64_t window, std::int64_t now) {
  if (!newest_) return std::nullopt;
  newest_second_ = std::max(*newest_second_, now);
  const auto length = std::clamp<std::int64_t>(buckets_of(std::max<std::int64_t>(window, 1)), 1, span_);
  extremes found = nothing;
  if (length == span_) {
    found = whole_at(bucket_of(now));
  } else {
    advance_to(bucket_of(now));
    found = query(*newest_ - length + 1, *newest_);
  }
  if (found.low == no_low) return std::nullopt;
  return found;
}

std::int64_t rolling_extremes::steady_until() const {
  if (whole_.low == no_low) return std::numeric_limits<std::int64_t>::max();
  return (std::min(low_from_, high_from_) + span_) * grain_;
}

std::size_t rolling_extremes::memory_bytes() const { return sizeof(*this) + tree_.capacity() * sizeof(extremes); }

}  // namespace pricewatch
