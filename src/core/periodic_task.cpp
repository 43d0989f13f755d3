#include "core/periodic_task.hpp"

#include <spdlog/spdlog.h>

namespace pricewatch {

periodic_task::periodic_task(std::string name, std::chrono::milliseconds interval, std::function<void()> work)
    : name_(std::move(name)), interval_(interval), work_(std::move(work)) {}

void periodic_task::start() {
  thread_ = std::jthread([this](std::stop_token stop) {
    while (sleep_.sleep_for(stop, interval_)) run_round();
  });
}

void periodic_task::stop() {
  thread_.request_stop();
  if (thread_.joinable()) thread_.join();
}

bool periodic_task::run_round() {
  try {
    work_();
    return true;
  } catch (const std::exception& error) {
    spdlog::warn("{} failed: {}", name_, error.what());
    return false;
  }
}

}  // namespace pricewatch
