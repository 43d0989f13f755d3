#include "core/work_loop.hpp"

#include <spdlog/spdlog.h>

namespace pricewatch {

void work_loop::run(const char* name, const std::function<std::size_t()>& pass,
                    const std::function<void(std::stop_token)>& wait, std::stop_token stop) {
  // Short: the backends it waits for restart in seconds, and work waits meanwhile.
  backoff retry(std::chrono::milliseconds(100), std::chrono::milliseconds(2'000));
  std::size_t failures = 0;
  while (!stop.stop_requested()) {
    try {
      // Drain everything ready before waiting: a storm queues far more than one batch.
      while (pass() > 0) {
        if (stop.stop_requested()) return;
      }
      if (failures > 0) spdlog::info("{}: working again after {} failed attempts", name, failures);
      failures = 0;
      retry.reset();
      wait(stop);
    } catch (const std::exception& failure) {
      // The first failure of an outage is an error; the retries until it ends are detail.
      const auto delay = retry.next();
      spdlog::log(failures++ == 0 ? spdlog::level::err : spdlog::level::debug, "{}: {}; retrying in {} ms", name,
                  failure.what(), delay.count());
      if (!pause_.sleep_for(stop, delay)) return;
    }
  }
}

}  // namespace pricewatch
