// The trigger engine's upkeep: compaction of a book's heaps and slots after moves and removals,
// clearing for a rebuild, giving back spare capacity after a bulk load, and the bytes it holds
// (trigger_engine.hpp).
#include "alerts/trigger_engine.hpp"

#include "alerts/trigger_engine_detail.hpp"

#include <algorithm>

namespace pricewatch {

using namespace trigger_engine_detail;

void trigger_engine::compact_if_crowded(book& b) {
  // Entries left behind (moved alerts, removed ones) would otherwise pile up; rebuilding once they
  // outnumber the live alerts bounds memory and keeps the amortised cost of a change constant.
  // A removed alert keeps its 56 bytes until then, and its mark costs about 40 more: compacting
  // once marks pass an eighth of the book keeps a book that lost many alerts under about 70 bytes
  // per alert still active (64 or so on average), for a compaction every eighth of it removed.
  std::size_t held = b.rising_.size() + b.falling_.size() + b.cooling_.size() + b.unsided_.size();
  for (const auto& w : b.windows_) held += w.up_fire.size() + w.up_rearm.size() + w.down_fire.size() + w.down_rearm.size();
  if (held > 2 * b.live_ + 64 || b.removed_.size() * 8 > b.live_) compact(b);
}

void trigger_engine::compact(book& b) {
  b.quiet_low_ = 1;  // heap tops may change
  b.quiet_high_ = 0;
  for (std::uint32_t slot = 0; slot < b.states_.size(); ++slot) {
    auto& s = b.states_[slot];
    if (s.live && b.removed_.contains(s.id)) free_slot(b, slot);
  }
  std::unordered_set<std::int64_t>().swap(b.removed_);
  const auto left_behind = [&](const book::entry& item) {
    const auto& s = b.states_[item.slot];
    return !s.live || s.generation != item.generation;
  };
  for (auto* heap : {&b.rising_, &b.falling_}) std::erase_if(*heap, left_behind);
  for (auto& w : b.windows_) {
    for (auto* heap : {&w.up_fire, &w.up_rearm, &w.down_fire, &w.down_rearm}) std::erase_if(*heap, left_behind);
  }
  std::erase_if(b.cooling_, [&](const book::cooling& item) {
    const auto& s = b.states_[item.slot];
    return !s.live || s.id != item.id || s.waiting == book::pending::none || s.cooldown_until_s != item.until_s;
  });
  std::erase_if(b.unsided_, [&](std::uint32_t slot) { return !b.states_[slot].live; });

  // The live alerts move down over the freed slots, so that deleting alerts gives memory back;
  // what names a slot is renamed with it. Order within each heap is kept.
  std::vector<std::uint32_t> moved_to(b.states_.size());
  std::uint32_t next = 0;
  for (std::uint32_t slot = 0; slot < b.states_.size(); ++slot) {
    if (!b.states_[slot].live) continue;
    moved_to[slot] = next;
    b.states_[next++] = b.states_[slot];
  }
  b.states_.resize(next);
  b.free_slots_.clear();
  const auto settle = [&](std::vector<book::entry>& heap, auto order) {
    for (auto& item : heap) item.slot = moved_to[item.slot];
    std::make_heap(heap.begin(), heap.end(), order);
    give_back_spare(heap);
  };
  settle(b.rising_, smallest_first{});
  settle(b.falling_, largest_first{});
  for (auto& w : b.windows_) {
    settle(w.up_fire, smallest_first{});
    settle(w.up_rearm, largest_first{});
    settle(w.down_fire, smallest_first{});
    settle(w.down_rearm, largest_first{});
  }
  for (auto& item : b.cooling_) item.slot = moved_to[item.slot];
  std::make_heap(b.cooling_.begin(), b.cooling_.end(), soonest_first{});
  for (auto& slot : b.unsided_) slot = moved_to[slot];
  give_back_spare(b.states_);
  give_back_spare(b.free_slots_);
}

void trigger_engine::clear() {
  for (auto& [symbol, b] : books_) {
    b->rising_.clear();
    b->falling_.clear();
    for (auto& w : b->windows_) {
      for (auto* heap : {&w.up_fire, &w.up_rearm, &w.down_fire, &w.down_rearm}) heap->clear();
      w.users = 0;
    }
    b->cooling_.clear();
    b->unsided_.clear();
    b->states_.clear();
    b->free_slots_.clear();
    b->removed_.clear();
    b->live_ = 0;
    b->quiet_low_ = 1;
    b->quiet_high_ = 0;
    ++b->changes_;
  }
}

void trigger_engine::begin_bulk_load() {
  bulk_loading_ = true;
  for (auto& [symbol, b] : books_) b->bulk_growth_ = true;
}

void trigger_engine::end_bulk_load() {
  bulk_loading_ = false;
  for (auto& [symbol, b] : books_) {
    b->bulk_growth_ = false;
    b->rising_.shrink_to_fit();
    b->falling_.shrink_to_fit();
    for (auto& w : b->windows_) {
      w.up_fire.shrink_to_fit();
      w.up_rearm.shrink_to_fit();
      w.down_fire.shrink_to_fit();
      w.down_rearm.shrink_to_fit();
    }
    b->cooling_.shrink_to_fit();
    b->unsided_.shrink_to_fit();
    b->states_.shrink_to_fit();
    b->free_slots_.shrink_to_fit();
  }
}

std::size_t trigger_engine::memory_bytes() const {
  std::size_t bytes = 0;
  for (const auto& [symbol, b] : books_) {
    bytes += sizeof(symbol_book) + symbol.capacity();
    std::size_t entries = b->rising_.capacity() + b->falling_.capacity();
    for (const auto& w : b->windows_) {
      entries += w.up_fire.capacity() + w.up_rearm.capacity() + w.down_fire.capacity() + w.down_rearm.capacity();
      if (w.extremes) bytes += w.extremes->memory_bytes();
    }
    bytes += entries * sizeof(book::entry);
    bytes += b->states_.capacity() * sizeof(state) + b->free_slots_.capacity() * sizeof(std::uint32_t);
    bytes += b->cooling_.capacity() * sizeof(book::cooling) + b->unsided_.capacity() * sizeof(std::uint32_t);
    // An unordered_set node (the id and a next pointer) is a 32-byte malloc chunk; the bucket
    // array holds a pointer per bucket.
    bytes += b->removed_.size() * 32 + b->removed_.bucket_count() * sizeof(void*);
  }
  return bytes;
}

}  // namespace pricewatch
