// Awaiting a condition in the integration and end-to-end tests (never in unit tests, which use
// no threads): poll it every 20 ms until it holds or a deadline passes, instead of sleeping for a
// guessed time.
#pragma once

#include <chrono>
#include <thread>

namespace pricewatch::test_support {

// True as soon as condition() is; false when it still is not at the deadline. A condition that
// is costly to ask (a download of thousands of records) may be polled less often.
template <class Condition>
bool eventually(Condition&& condition, std::chrono::milliseconds deadline = std::chrono::seconds(10),
                std::chrono::milliseconds interval = std::chrono::milliseconds(20)) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  for (;;) {
    if (condition()) return true;
    if (std::chrono::steady_clock::now() >= until) return false;
    std::this_thread::sleep_for(interval);
  }
}

}  // namespace pricewatch::test_support
