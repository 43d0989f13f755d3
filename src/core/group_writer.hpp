// A group commit: threads that each have items to store hand them over and wait until they are
// stored; whichever arrives while no write runs writes everything handed over so far, its own and
// the others', with one call of the write function (one transaction), and the others wake when it
// is done. A database with one writer (SQLite) then pays one transaction for many callers instead
// of one each, and nobody returns before its items are stored. A failure of that write is every
// item's failure: each caller gets the exception, nothing of the batch is stored.
// Shared by every thread that writes through it; the write function runs on one of those threads,
// never two at once.
#pragma once

#include "core/commit_batches.hpp"

#include <condition_variable>
#include <functional>
#include <mutex>
#include <span>
#include <utility>

namespace pricewatch {

template <class Item, class Outcome = void>
class group_writer {
 public:
  using batches = commit_batches<Item, Outcome>;
  using outcomes = typename batches::outcomes;
  // Stores all the items in one transaction and returns one outcome per item, in order (nothing
  // when Outcome is void), or throws: then none of them is stored.
  using write_function =
      std::function<std::conditional_t<std::is_void_v<Outcome>, void, std::vector<Outcome>>(std::span<const Item>)>;

  explicit group_writer(write_function write) : write_(std::move(write)) {}

  // Returns once the items are stored, with their outcomes; throws what the write of their batch
  // threw. Nothing to write writes nothing.
  outcomes write(std::span<const Item> items) {
    if (items.empty()) return {};
    std::unique_lock lock(mutex_);
    return settle(lock, batches_.hand_over(items));
  }

  // One item's outcome (Outcome not void).
  Outcome write_one(Item item)
    requires(!std::is_void_v<Outcome>)
  {
    std::unique_lock lock(mutex_);
    auto mine = settle(lock, batches_.hand_over(std::move(item)));
    return std::move(mine.front());
  }

 private:
  // Waits until another thread wrote the ticket's batch, or writes it once no write runs.
  outcomes settle(std::unique_lock<std::mutex>& lock, const typename batches::ticket& mine) {
    written_.wait(lock, [&] { return !batches_.must_wait(mine); });
    if (batches_.must_write(mine)) {
      auto& batch = batches_.start(mine);
      lock.unlock();
      outcomes stored{};
      std::exception_ptr failure;
      try {
        if constexpr (std::is_void_v<Outcome>) {
          write_(std::span<const Item>(batch.items));
        } else {
          stored = write_(std::span<const Item>(batch.items));
        }
      } catch (...) {
        failure = std::current_exception();
      }
      lock.lock();
      batches_.finish(batch, std::move(stored), failure);
      written_.notify_all();
    }
    return batches::take_outcomes(mine);
  }

  write_function write_;
  std::mutex mutex_;
  std::condition_variable written_;
  batches batches_;
};

}  // namespace pricewatch
