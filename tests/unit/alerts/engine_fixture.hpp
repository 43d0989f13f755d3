// A trigger engine with one symbol's alerts made in a line each and prices fed at times counted
// from a fixed start: the fixture of the engine's hand-written tests of alerts v2.
#pragma once

#include "alerts/trigger_engine.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <string_view>
#include <vector>

namespace pricewatch {

inline price at(std::string_view text) { return *price::parse(text); }
inline constexpr std::int64_t start_ms = 1'790'000'000'000;
inline time_point after_start(std::int64_t ms) { return time_point(std::chrono::milliseconds(start_ms + ms)); }

class engine_fixture : public ::testing::Test {
 protected:
  static watched_alert alert(std::int64_t id, alert_condition condition) {
    watched_alert made;
    made.id = id;
    made.symbol = "BTCUSDT";
    made.condition = condition;
    made.created_at = after_start(-1);
    return made;
  }
  void level(std::int64_t id, alert_condition condition, std::string_view target) {
    auto made = alert(id, condition);
    made.target = at(target);
    engine_.add(made);
  }
  void move(std::int64_t id, alert_condition condition, std::int32_t percent_bp, move_window window = move_window::m1) {
    auto made = alert(id, condition);
    made.percent_bp = percent_bp;
    made.window = window;
    engine_.add(made);
  }
  // The ids a price fires, `ms` after the start.
  std::vector<std::int64_t> tick(std::string_view value, std::int64_t ms) {
    std::vector<fired_alert> fired;
    engine_.apply(engine_.book_for("BTCUSDT"), at(value), after_start(ms), fired);
    std::vector<std::int64_t> ids;
    for (const auto& item : fired) ids.push_back(item.id);
    return ids;
  }

  trigger_engine engine_;
  using ids_t = std::vector<std::int64_t>;
};

}  // namespace pricewatch
