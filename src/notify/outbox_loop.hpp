// The loop shared by whoever works through the outbox on a thread of its own (the notifier that
// sends, the relay that hands rows to the queue): run passes while they find work, then sleep
// until the next row is due, a wake(), or 1 s at most (rows written by another process are found
// that way), backing off while the database fails. run() is for one thread; wake() and stop() for any.
#pragma once

#include "core/clock.hpp"

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>

namespace pricewatch {

class outbox_loop {
 public:
  // pass() does one round and returns how many rows it handled; next_due() tells when the
  // earliest row is due (nullopt: none). Both may throw; failures are logged under `name`.
  void run(const char* name, const std::function<std::size_t()>& pass,
           const std::function<std::optional<time_point>()>& next_due);
  void wake();
  void stop();

 private:
  std::mutex mutex_;
  std::condition_variable wakeup_;
  bool woken_ = false;
  bool stopping_ = false;
};

}  // namespace pricewatch
