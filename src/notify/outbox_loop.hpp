// The loop shared by whoever works through the outbox on a thread of its own (the notifier that
// sends, the relay that hands rows to the queue): run passes while they find work, then sleep
// until the next row is due, a wake(), or 1 s at most (rows written by another process are found
// that way), backing off while the database fails, until its thread is asked to stop.
// run() is for one thread (a std::jthread's); wake() for any.
#pragma once

#include "core/clock.hpp"
#include "core/stoppable_sleep.hpp"

#include <cstddef>
#include <functional>
#include <optional>
#include <stop_token>

namespace pricewatch {

class outbox_loop {
 public:
  // pass() does one round and returns how many rows it handled; next_due() tells when the
  // earliest row is due (nullopt: none). Both may throw; failures are logged under `name`.
  // Returns once stop is requested.
  void run(const char* name, const std::function<std::size_t()>& pass,
           const std::function<std::optional<time_point>()>& next_due, std::stop_token stop);
  void wake() { sleep_.wake(); }

 private:
  stoppable_sleep sleep_;
};

}  // namespace pricewatch
