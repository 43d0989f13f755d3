#include "notify/outbox_loop.hpp"

#include "core/backoff.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace pricewatch {

void outbox_loop::run(const char* name, const std::function<std::size_t()>& pass,
                      const std::function<std::optional<time_point>()>& next_due, std::stop_token stop) {
  // Short: the backends it waits for restart in seconds, and rows wait meanwhile.
  backoff retry(std::chrono::milliseconds(100), std::chrono::milliseconds(2'000));
  std::size_t failures = 0;
  while (!stop.stop_requested()) {
    std::optional<time_point> next;
    try {
      // Drain everything due before sleeping: a storm queues far more than one batch.
      while (pass() > 0) {
        if (stop.stop_requested()) return;
      }
      next = next_due();
      if (failures > 0) spdlog::info("{}: working again after {} failed attempts", name, failures);
      failures = 0;
      retry.reset();
    } catch (const std::exception& failure) {
      // The first failure of an outage is an error; the retries until it ends are detail.
      const auto delay = retry.next();
      spdlog::log(failures++ == 0 ? spdlog::level::err : spdlog::level::debug, "{}: {}; retrying in {} ms", name,
                  failure.what(), delay.count());
      next = std::chrono::system_clock::now() + delay;
    }
    const auto limit = std::chrono::system_clock::now() + std::chrono::seconds(1);
    if (!sleep_.sleep_until(stop, next ? std::min(*next, limit) : limit)) return;
  }
}

}  // namespace pricewatch
