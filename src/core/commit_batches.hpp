// The bookkeeping of a group commit (core/group_writer.hpp): which items go into the next write,
// whose turn it is to write, and what each caller gets back. No lock and no waiting here: the
// group writer holds its mutex around every call, and unit tests play several callers' turns on
// one thread. Not thread-safe by itself.
#pragma once

#include <cstddef>
#include <exception>
#include <iterator>
#include <memory>
#include <span>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <vector>

namespace pricewatch {

// The outcomes of a write of items: one Outcome per item, in order; nothing when Outcome is void.
template <class Outcome>
struct write_outcomes {
  using type = std::vector<Outcome>;
};
template <>
struct write_outcomes<void> {
  struct type {};
};

template <class Item, class Outcome = void>
class commit_batches {
 public:
  using outcomes = typename write_outcomes<Outcome>::type;

  // The items handed over while a write ran: the next write's. Once written: done, with their
  // outcomes, or with the failure that refused all of them.
  struct batch {
    std::vector<Item> items;
    outcomes written;
    bool done = false;
    std::exception_ptr failure;
  };

  // Where a caller's items went: its batch and its place in it.
  struct ticket {
    std::shared_ptr<batch> into;
    std::size_t first = 0;
    std::size_t count = 0;
  };

  // Adds the items to the batch being collected (opening one when none is).
  ticket hand_over(std::span<const Item> items) {
    if (!open_) open_ = std::make_shared<batch>();
    ticket mine{open_, open_->items.size(), items.size()};
    open_->items.insert(open_->items.end(), items.begin(), items.end());
    return mine;
  }
  ticket hand_over(Item item) {
    if (!open_) open_ = std::make_shared<batch>();
    ticket mine{open_, open_->items.size(), 1};
    open_->items.push_back(std::move(item));
    return mine;
  }

  // True when the ticket's holder is to wait: another write runs and its batch is not done.
  bool must_wait(const ticket& mine) const { return !mine.into->done && writing_; }
  // True when the ticket's holder is to write its batch now: no write runs and its batch is not
  // done. Its batch is then the one being collected: only a write closes a batch.
  bool must_write(const ticket& mine) const { return !mine.into->done && !writing_; }

  // Closes the ticket's batch for writing (items handed over from now on go into the next one)
  // and returns it; the caller writes its items without the lock, then calls finish.
  batch& start(const ticket& mine) {
    writing_ = true;
    if (open_ == mine.into) open_.reset();
    return *mine.into;
  }

  // The write of `written` is over: stored with these outcomes (one per item unless Outcome is
  // void), or refused with failure. A write that returns a wrong number of outcomes is refused.
  void finish(batch& written, outcomes stored, std::exception_ptr failure) {
    if constexpr (!std::is_void_v<Outcome>) {
      if (!failure && stored.size() != written.items.size()) {
        failure = std::make_exception_ptr(std::logic_error("a group write returned a wrong number of outcomes"));
      }
    }
    written.written = std::move(stored);
    written.failure = failure;
    written.done = true;
    writing_ = false;
  }

  // Takes the ticket's outcomes once its batch is done (each holder takes only its own place's);
  // rethrows the failure that refused the batch.
  static outcomes take_outcomes(const ticket& mine) {
    if (mine.into->failure) std::rethrow_exception(mine.into->failure);
    if constexpr (std::is_void_v<Outcome>) {
      return {};
    } else {
      auto& all = mine.into->written;
      const auto from = all.begin() + static_cast<std::ptrdiff_t>(mine.first);
      return outcomes(std::make_move_iterator(from), std::make_move_iterator(from + static_cast<std::ptrdiff_t>(mine.count)));
    }
  }

  bool writing() const { return writing_; }

 private:
  std::shared_ptr<batch> open_;  // collecting; none until someone hands over items
  bool writing_ = false;
};

}  // namespace pricewatch
