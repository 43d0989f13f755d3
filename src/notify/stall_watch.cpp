#include "notify/stall_watch.hpp"

#include <spdlog/spdlog.h>

#include <exception>
#include <utility>

namespace pricewatch {

void stall_watch::arm(std::chrono::milliseconds after, std::function<void()> action) {
  deadline_ = clock_.now() + after;
  action_ = std::move(action);
}

void stall_watch::disarm() {
  deadline_.reset();
  action_ = nullptr;
}

void stall_watch::poll() noexcept {
  if (!deadline_ || clock_.now() < *deadline_) return;
  // Disarmed first, so that the action runs once however often libcurl calls back.
  auto action = std::move(action_);
  disarm();
  if (!action) return;
  try {
    action();
  } catch (const std::exception& error) {
    spdlog::error("while a send hung: {}", error.what());
  } catch (...) {
    spdlog::error("while a send hung: unknown exception");
  }
}

}  // namespace pricewatch
