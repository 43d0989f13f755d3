// Tests the trigger engine against a brute-force evaluator of DESIGN.md section 9 over random
// streams of prices, gaps, the passing of time, creations and removals, for every condition and
// frequency: levels, crossings (with the side taken from the last price, else the first one seen
// after), moves against the window's extremes, re-arming, and cooldowns that fire what is still
// due when they end. The evaluator scans every alert on every event and computes each condition
// from its definition; the engine must fire exactly the same alerts at the same prices. Time moves
// by seconds, or by milliseconds so that several prices share a second: most of those fall inside
// the engine's quiet band and reach the windows only when the second ends.
#include "alerts/trigger_engine.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <tuple>
#include <vector>

namespace pricewatch {
namespace {

constexpr std::int64_t whole = price::units_per_whole;
using firing_row = std::tuple<std::int64_t, std::int64_t, bool>;  // id, price fired at, final

enum class side { unknown, below, at, above };
enum class due { none, up, down };

bool is_crossing(alert_condition condition) {
  return condition == alert_condition::crossing_up || condition == alert_condition::crossing_down ||
         condition == alert_condition::crossing;
}

side side_of(std::int64_t units, std::int64_t target) {
  return units < target ? side::below : units > target ? side::above : side::at;
}

__extension__ using wide = __int128;

// How far price has moved from a base, in hundredths of a percent rounded down.
std::int64_t move_bp(std::int64_t by, std::int64_t base) {
  if (by <= 0) return 0;
  return static_cast<std::int64_t>(std::min<wide>(static_cast<wide>(by) * 10'000 / base, 1'000'000'000));
}

struct model_alert {
  watched_alert spec;
  bool live = true;
  side last_side = side::unknown;
  bool armed = true;
  std::int64_t cooldown_until_ms = 0;
  due waiting = due::none;
};

// One symbol: its alerts and every price it saw, scanned in full each time.
class model_book {
 public:
  void add(const watched_alert& spec, std::int64_t now_ms) {
    model_alert alert{spec};
    if (last_ && is_crossing(spec.condition)) alert.last_side = side_of(*last_, spec.target.units());
    if (is_moving(spec.condition)) {
      window_since_.try_emplace(spec.window, now_ms);
    }
    alerts_.emplace(spec.id, alert);
  }
  void remove(std::int64_t id) { alerts_.at(id).live = false; }

  std::vector<firing_row> tick(std::int64_t units, std::int64_t at_ms) {
    record(at_ms / 1000, units, units);
    last_ = units;
    last_ms_ = at_ms;
    std::vector<firing_row> fired;
    for (auto& [id, alert] : alerts_) {
      if (!alert.live) continue;
      const bool first_side = alert.last_side == side::unknown && is_crossing(alert.spec.condition);
      if (first_side) {
        alert.last_side = side_of(units, alert.spec.target.units());
        continue;
      }
      visit(alert, units, at_ms, fired);
    }
    end_cooldowns(at_ms, fired);
    std::sort(fired.begin(), fired.end());
    return fired;
  }

  // A gap's stretch: a wick down, up and down again, for the alerts that existed by its end.
  std::vector<firing_row> range(std::int64_t low, std::int64_t high, std::int64_t until_ms) {
    record((until_ms - 1) / 1000, low, high);
    const auto at_ms = std::max(last_ms_, until_ms);
    std::vector<firing_row> fired;
    for (const auto units : {low, high, low}) {
      for (auto& [id, alert] : alerts_) {
        if (!alert.live || millis(alert.spec.created_at) > until_ms) continue;
        if (alert.last_side == side::unknown && is_crossing(alert.spec.condition)) continue;
        visit(alert, units, at_ms, fired);
      }
    }
    std::sort(fired.begin(), fired.end());
    return fired;
  }

  std::vector<firing_row> advance(std::int64_t now_ms) {
    std::vector<firing_row> fired;
    end_cooldowns(now_ms, fired);
    std::sort(fired.begin(), fired.end());
    return fired;
  }

  std::size_t live() const {
    return static_cast<std::size_t>(std::count_if(alerts_.begin(), alerts_.end(), [](const auto& e) { return e.second.live; }));
  }
  std::vector<std::int64_t> live_ids() const {
    std::vector<std::int64_t> ids;
    for (const auto& [id, alert] : alerts_) {
      if (alert.live) ids.push_back(id);
    }
    return ids;
  }
  std::optional<std::int64_t> last() const { return last_; }

 private:
  static std::int64_t millis(time_point at) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
  }

  // A window is kept in buckets of its grain: the buckets that may hold one of its seconds,
  // ending with the newest second's (rolling_extremes.hpp).
  static std::int64_t bucket(move_window window, std::int64_t second) {
    const auto grain = window_grain(window).count();
    return second >= 0 ? second / grain : -((-second + grain - 1) / grain);
  }
  static std::int64_t span(move_window window) {
    const auto grain = window_grain(window).count();
    return (window_length(window).count() + grain - 1) / grain + (grain > 1 ? 1 : 0);
  }

  // Prices are kept from the moment a window came into use; one older than the window behind
  // the newest second recorded or asked for is out of it.
  void record(std::int64_t second, std::int64_t low, std::int64_t high) {
    for (const auto& [window, since_ms] : window_since_) {
      auto& seen = seen_[window];
      if (newest_.contains(window) && bucket(window, second) <= bucket(window, newest_[window]) - span(window)) continue;
      newest_[window] = std::max(newest_.contains(window) ? newest_[window] : second, second);
      seen.emplace_back(second, low, high);
    }
  }

  std::optional<std::pair<std::int64_t, std::int64_t>> extremes(move_window window, std::int64_t now_s) {
    if (!newest_.contains(window)) return std::nullopt;
    const auto last = std::max(now_s, newest_[window]);
    newest_[window] = last;  // asking moves the window too
    const auto first = bucket(window, last) - span(window) + 1;
    std::optional<std::pair<std::int64_t, std::int64_t>> found;
    for (const auto& [second, low, high] : seen_[window]) {
      if (bucket(window, second) < first || second > last) continue;
      if (!found) found = {low, high};
      found->first = std::min(found->first, low);
      found->second = std::max(found->second, high);
    }
    return found;
  }

  bool holds(const model_alert& alert, due direction, std::int64_t units, std::int64_t at_ms) {
    const auto& spec = alert.spec;
    if (is_moving(spec.condition)) {
      const auto found = extremes(spec.window, at_ms / 1000);
      if (!found) return false;
      return spec.condition == alert_condition::moving_up ? move_bp(units - found->first, found->first) >= spec.percent_bp
                                                          : move_bp(found->second - units, found->second) >= spec.percent_bp;
    }
    return direction == due::up ? units >= spec.target.units() : units <= spec.target.units();
  }

  void visit(model_alert& alert, std::int64_t units, std::int64_t at_ms, std::vector<firing_row>& fired) {
    const auto& spec = alert.spec;
    const auto target = spec.target.units();
    switch (spec.condition) {
      case alert_condition::above:
      case alert_condition::below:
      case alert_condition::moving_up:
      case alert_condition::moving_down: {
        const bool up = spec.condition == alert_condition::above || spec.condition == alert_condition::moving_up;
        const auto direction = up ? due::up : due::down;
        const bool now_holds = holds(alert, direction, units, at_ms);
        if (alert.armed && now_holds) {
          alert.armed = false;
          occur(alert, direction, units, at_ms, fired);
        } else if (!alert.armed && !now_holds) {
          alert.armed = true;
        }
        return;
      }
      case alert_condition::crossing_up:
      case alert_condition::crossing_down:
      case alert_condition::crossing: {
        const auto before = alert.last_side;
        alert.last_side = side_of(units, target);
        const bool up = before == side::below && units >= target && spec.condition != alert_condition::crossing_down;
        const bool down = before == side::above && units <= target && spec.condition != alert_condition::crossing_up;
        if (up || down) occur(alert, up ? due::up : due::down, units, at_ms, fired);
        return;
      }
    }
  }

  void occur(model_alert& alert, due direction, std::int64_t units, std::int64_t at_ms, std::vector<firing_row>& fired) {
    if (alert.spec.frequency == alert_frequency::once) {
      fired.emplace_back(alert.spec.id, units, true);
      alert.live = false;
      return;
    }
    if (at_ms < alert.cooldown_until_ms) {
      alert.waiting = direction;
      return;
    }
    fire_again(alert, units, at_ms, fired);
  }

  // The cooldown runs in whole seconds, rounded up: never sooner than cooldown after a firing.
  static void fire_again(model_alert& alert, std::int64_t units, std::int64_t at_ms, std::vector<firing_row>& fired) {
    fired.emplace_back(alert.spec.id, units, false);
    alert.cooldown_until_ms = ((at_ms + 999) / 1000 + alert.spec.cooldown.count()) * 1000;
    alert.waiting = due::none;
  }

  void end_cooldowns(std::int64_t now_ms, std::vector<firing_row>& fired) {
    for (auto& [id, alert] : alerts_) {
      if (!alert.live || alert.waiting == due::none || now_ms < alert.cooldown_until_ms) continue;
      const auto direction = alert.waiting;
      alert.waiting = due::none;
      if (last_ && holds(alert, direction, *last_, now_ms)) fire_again(alert, *last_, now_ms, fired);
    }
  }

  std::map<std::int64_t, model_alert> alerts_;
  std::map<move_window, std::int64_t> window_since_;
  std::map<move_window, std::vector<std::tuple<std::int64_t, std::int64_t, std::int64_t>>> seen_;
  std::map<move_window, std::int64_t> newest_;
  std::optional<std::int64_t> last_;
  std::int64_t last_ms_ = 0;
};

std::vector<firing_row> rows(const std::vector<fired_alert>& fired) {
  std::vector<firing_row> result;
  for (const auto& item : fired) result.emplace_back(item.id, item.crossed_at.units(), item.final);
  std::sort(result.begin(), result.end());
  return result;
}

// How far time moves between two events: seconds (every price in a new second), or a few hundred
// milliseconds (several prices a second, most of them inside the engine's quiet band).
enum class pace { seconds, milliseconds };

class trigger_engine_v2_model_test : public ::testing::TestWithParam<std::tuple<std::uint64_t, pace>> {
 protected:
  std::int64_t uniform(std::int64_t low, std::int64_t high) {
    return std::uniform_int_distribution<std::int64_t>(low, high)(random_);
  }
  std::size_t pick(std::size_t count) { return static_cast<std::size_t>(uniform(0, static_cast<std::int64_t>(count) - 1)); }

  // A random alert of any kind near the symbol's price, so that equal prices and targets, and
  // moves of exactly the percent asked, are common.
  void add_random(std::size_t symbol) {
    watched_alert alert;
    alert.id = next_id_++;
    alert.symbol = symbols_[symbol];
    alert.condition = static_cast<alert_condition>(uniform(0, 6));
    alert.target = price::from_units(std::max(whole, prices_[symbol] + uniform(-40, 40) * whole));
    alert.created_at = time_point(std::chrono::milliseconds(now_ms_));
    // 0.25 % to 3 %; with several prices a second, 0.05 % to 0.6 %, so that moves within a second
    // are common.
    const auto percent_step = std::get<pace>(GetParam()) == pace::milliseconds ? 5 : 25;
    alert.percent_bp = static_cast<std::int32_t>(uniform(1, 12) * percent_step);
    alert.window = static_cast<move_window>(uniform(0, 3));
    alert.frequency = uniform(0, 1) == 0 ? alert_frequency::once : alert_frequency::every_time;
    alert.cooldown = std::chrono::seconds(uniform(0, 2) == 0 ? 10 : 60);
    engine_.add(alert);
    model_[symbol].add(alert, now_ms_);
  }

  std::int64_t step_ms() {
    if (std::get<pace>(GetParam()) == pace::milliseconds) return uniform(1, 400);
    return uniform(1, 3) * 1000 + (uniform(0, 3) == 0 ? uniform(1, 999) : 0);
  }

  std::mt19937_64 random_{std::get<std::uint64_t>(GetParam())};
  std::vector<std::string> symbols_{"BTCUSDT", "ETHUSDT"};
  std::vector<std::int64_t> prices_ = std::vector<std::int64_t>(2, 1'000 * whole);
  std::vector<model_book> model_ = std::vector<model_book>(2);
  trigger_engine engine_;
  std::int64_t next_id_ = 1;
  std::int64_t now_ms_ = 1'790'000'000'000;
};

TEST_P(trigger_engine_v2_model_test, fires_what_the_definitions_fire) {
  for (int i = 0; i < 300; ++i) add_random(pick(symbols_.size()));
  std::vector<fired_alert> fired;
  std::size_t total = 0;
  std::map<std::pair<alert_condition, bool>, std::size_t> by_kind;  // (condition, final) -> firings
  for (int step = 1; step <= 6000; ++step) {
    SCOPED_TRACE("step " + std::to_string(step));
    now_ms_ += step_ms();
    const auto action = uniform(0, 99);
    const auto symbol = pick(symbols_.size());
    auto& book = engine_.book_for(symbols_[symbol]);
    fired.clear();
    std::vector<firing_row> expected;
    if (action < 55) {  // a live price, by whole units so that targets are hit exactly
      const auto by = std::get<pace>(GetParam()) == pace::milliseconds ? 2 : 15;
      prices_[symbol] = std::clamp(prices_[symbol] + uniform(-by, by) * whole, 900 * whole, 1'100 * whole);
      engine_.apply(book, price::from_units(prices_[symbol]), time_point(std::chrono::milliseconds(now_ms_)), fired);
      expected = model_[symbol].tick(prices_[symbol], now_ms_);
    } else if (action < 60) {  // a gap's stretch that ended a little before now
      const auto low = std::max(whole, prices_[symbol] - uniform(0, 30) * whole);
      const auto high = prices_[symbol] + uniform(0, 30) * whole;
      const auto until = now_ms_ - uniform(0, 5'000);
      engine_.apply_range(book, price::from_units(low), price::from_units(high),
                          time_point(std::chrono::milliseconds(until)), fired);
      expected = model_[symbol].range(low, high, until);
    } else if (action < 70) {  // time passes with no price
      engine_.advance(time_point(std::chrono::milliseconds(now_ms_)), fired);
      for (auto& book_model : model_) {
        const auto more = book_model.advance(now_ms_);
        expected.insert(expected.end(), more.begin(), more.end());
      }
      std::sort(expected.begin(), expected.end());
    } else if (action < 88) {
      add_random(symbol);
    } else {
      const auto ids = model_[symbol].live_ids();
      if (!ids.empty()) {
        const auto id = ids[pick(ids.size())];
        engine_.remove(id, symbols_[symbol]);
        model_[symbol].remove(id);
      }
    }
    ASSERT_EQ(rows(fired), expected);
    total += expected.size();
    for (const auto& item : fired) ++by_kind[{item.condition, item.final}];
    ASSERT_EQ(engine_.active_count(), model_[0].live() + model_[1].live());
  }
  // The run must have exercised every condition, once and recurring (with and without a wait for
  // the cooldown), or it proves little.
  EXPECT_GT(total, 300u);
  for (int condition = 0; condition <= 6; ++condition) {
    for (const bool final : {true, false}) {
      EXPECT_GE((by_kind[{static_cast<alert_condition>(condition), final}]), 5u)
          << to_string(static_cast<alert_condition>(condition)) << (final ? " once" : " every_time");
    }
  }
}

std::string name_of_run(const ::testing::TestParamInfo<std::tuple<std::uint64_t, pace>>& info) {
  return std::to_string(std::get<std::uint64_t>(info.param)) +
         (std::get<pace>(info.param) == pace::seconds ? "_seconds" : "_milliseconds");
}

INSTANTIATE_TEST_SUITE_P(seeds, trigger_engine_v2_model_test,
                         ::testing::Combine(::testing::Values(1u, 2u, 3u, 20'261'207u),
                                            ::testing::Values(pace::seconds, pace::milliseconds)),
                         name_of_run);

}  // namespace
}  // namespace pricewatch
