#include "alerts/trigger_engine.hpp"

#include <algorithm>

namespace pricewatch {
namespace {

// std heaps keep the largest element first under the comparator: "greater" puts the lowest target
// first, "less" the highest. Ties break by id so that equal targets fire oldest first.
struct lowest_first {
  template <class E>
  bool operator()(const E& a, const E& b) const {
    return a.target_units != b.target_units ? a.target_units > b.target_units : a.id > b.id;
  }
};
struct highest_first {
  template <class E>
  bool operator()(const E& a, const E& b) const {
    return a.target_units != b.target_units ? a.target_units < b.target_units : a.id > b.id;
  }
};

constexpr std::int64_t any_creation_time = INT64_MAX;

// Pops while the top satisfies fires(top), skipping removed ids; each fires at crossed_at. Alerts
// created after created_by are set aside and pushed back: the price they would fire on predates them.
template <class Heap, class Order, class Fires>
void pop_fired(Heap& heap, Order order, std::unordered_set<std::int64_t>& removed, alert_condition condition,
               Fires fires, price crossed_at, std::int64_t created_by, std::vector<fired_alert>& fired) {
  std::vector<typename Heap::value_type> too_young;
  while (!heap.empty() && fires(heap.front().target_units)) {
    std::pop_heap(heap.begin(), heap.end(), order);
    const auto top = heap.back();
    heap.pop_back();
    if (!removed.empty() && removed.erase(top.id) > 0) {
      continue;
    }
    if (top.created_ms > created_by) {
      too_young.push_back(top);
      continue;
    }
    fired.push_back(fired_alert{top.id, condition, price::from_units(top.target_units), crossed_at});
  }
  for (const auto& item : too_young) {
    heap.push_back(item);
    std::push_heap(heap.begin(), heap.end(), order);
  }
}

}  // namespace

void trigger_engine::add(const watched_alert& alert) {
  auto& book = book_for(alert.symbol);
  // An id removed and then added again (a reload) is watched again, once: its old entry may still
  // sit in a heap, so drop the marked entries before adding it anew.
  if (book.removed_.contains(alert.id)) {
    compact(book);
  }
  const symbol_book::entry item{alert.target.units(), alert.id,
                                std::chrono::duration_cast<std::chrono::milliseconds>(alert.created_at.time_since_epoch()).count()};
  if (alert.condition == alert_condition::above) {
    book.above_.push_back(item);
    std::push_heap(book.above_.begin(), book.above_.end(), lowest_first{});
  } else {
    book.below_.push_back(item);
    std::push_heap(book.below_.begin(), book.below_.end(), highest_first{});
  }
}

void trigger_engine::remove(std::int64_t alert_id, std::string_view symbol) {
  auto* book = find_book(symbol);
  if (book == nullptr) return;
  book->removed_.insert(alert_id);
  compact_if_crowded(*book);
}

void trigger_engine::compact_if_crowded(symbol_book& book) {
  // Marks for ids deep in the heaps (or already gone from them) would otherwise pile up;
  // rebuilding once they reach a quarter of the book bounds memory and keeps the amortised cost
  // of a removal constant.
  if (!book.removed_.empty() && book.removed_.size() * 4 > book.above_.size() + book.below_.size()) {
    compact(book);
  }
}

void trigger_engine::compact(symbol_book& book) {
  const auto is_removed = [&](const symbol_book::entry& item) { return book.removed_.contains(item.id); };
  std::erase_if(book.above_, is_removed);
  std::erase_if(book.below_, is_removed);
  std::make_heap(book.above_.begin(), book.above_.end(), lowest_first{});
  std::make_heap(book.below_.begin(), book.below_.end(), highest_first{});
  // Give memory back when the book shrank a lot, so that deletions do not leave it inflated.
  if (book.above_.capacity() > 2 * book.above_.size() + 64) book.above_.shrink_to_fit();
  if (book.below_.capacity() > 2 * book.below_.size() + 64) book.below_.shrink_to_fit();
  std::unordered_set<std::int64_t>().swap(book.removed_);
}

trigger_engine::symbol_book& trigger_engine::book_for(std::string_view symbol) {
  auto found = books_.find(std::string(symbol));
  if (found == books_.end()) {
    found = books_.emplace(std::string(symbol), std::make_unique<symbol_book>()).first;
  }
  return *found->second;
}

trigger_engine::symbol_book* trigger_engine::find_book(std::string_view symbol) {
  const auto found = books_.find(std::string(symbol));
  return found == books_.end() ? nullptr : found->second.get();
}

void trigger_engine::apply(symbol_book& book, price current, std::vector<fired_alert>& fired) {
  const auto units = current.units();
  pop_fired(book.above_, lowest_first{}, book.removed_, alert_condition::above,
            [units](std::int64_t target) { return units >= target; }, current, any_creation_time, fired);
  pop_fired(book.below_, highest_first{}, book.removed_, alert_condition::below,
            [units](std::int64_t target) { return units <= target; }, current, any_creation_time, fired);
  // Firing shrank the heaps: marks of ids that had already left them now weigh more.
  compact_if_crowded(book);
}

void trigger_engine::apply_range(symbol_book& book, price low, price high, time_point until,
                                 std::vector<fired_alert>& fired) {
  const auto created_by = std::chrono::duration_cast<std::chrono::milliseconds>(until.time_since_epoch()).count();
  pop_fired(book.above_, lowest_first{}, book.removed_, alert_condition::above,
            [units = high.units()](std::int64_t target) { return units >= target; }, high, created_by, fired);
  pop_fired(book.below_, highest_first{}, book.removed_, alert_condition::below,
            [units = low.units()](std::int64_t target) { return units <= target; }, low, created_by, fired);
  compact_if_crowded(book);
}

std::size_t trigger_engine::active_count() const {
  std::size_t total = 0;
  for (const auto& [symbol, book] : books_) total += book->active();
  return total;
}

std::vector<std::string> trigger_engine::symbols() const {
  std::vector<std::string> names;
  for (const auto& [symbol, book] : books_) {
    if (book->active() > 0) names.push_back(symbol);
  }
  std::sort(names.begin(), names.end());
  return names;
}

void trigger_engine::clear() { books_.clear(); }

std::size_t trigger_engine::memory_bytes() const {
  std::size_t bytes = 0;
  for (const auto& [symbol, book] : books_) {
    bytes += sizeof(symbol_book) + symbol.capacity();
    bytes += (book->above_.capacity() + book->below_.capacity()) * sizeof(symbol_book::entry);
    // An unordered_set node (the id and a next pointer) is a 32-byte malloc chunk; the bucket
    // array holds a pointer per bucket.
    bytes += book->removed_.size() * 32 + book->removed_.bucket_count() * sizeof(void*);
  }
  return bytes;
}

}  // namespace pricewatch
