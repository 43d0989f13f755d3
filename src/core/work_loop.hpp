// The loop of every worker thread that works through a queue (the notifiers, the job relay):
// run passes while they find work, wait when one finds nothing, and back off while a backend
// fails (logged once per outage), until the thread is asked to stop. run() is for one thread
// (a std::jthread's).
#pragma once

#include "core/backoff.hpp"
#include "core/stoppable_sleep.hpp"

#include <cstddef>
#include <functional>
#include <stop_token>

namespace pricewatch {

class work_loop {
 public:
  // pass() does one round and returns how much it handled; wait(stop) returns when more may be
  // ready. Either may throw; failures are logged under `name`. Returns once stop is requested.
  void run(const char* name, const std::function<std::size_t()>& pass,
           const std::function<void(std::stop_token)>& wait, std::stop_token stop);

 private:
  stoppable_sleep pause_;  // between attempts while a backend fails
};

}  // namespace pricewatch
