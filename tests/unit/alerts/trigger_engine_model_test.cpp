// Tests the trigger engine against a brute-force model: 200,000 random alerts, ticks, gaps, removes.
#include "alerts/trigger_engine.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace pricewatch {
namespace {

constexpr std::int64_t whole = price::units_per_whole;
using firing_row = std::tuple<std::int64_t, alert_condition, std::int64_t>;  // id, condition, target units

// One symbol's live alerts, scanned in full on every price.
class model_book {
 public:
  void add(const watched_alert& alert) {
    index_[alert.id] = alerts_.size();
    alerts_.push_back(alert);
  }
  void remove(std::int64_t id) {
    const auto slot = index_.at(id);
    alerts_[slot] = alerts_.back();
    index_[alerts_[slot].id] = slot;
    alerts_.pop_back();
    index_.erase(id);
  }
  // What a price range fires among alerts created by until_ms: above sorted by target then id,
  // then below by target descending then id.
  std::vector<firing_row> fire(std::int64_t low, std::int64_t high, std::int64_t until_ms) {
    std::vector<watched_alert> above, below;
    for (const auto& alert : alerts_) {
      const auto created = std::chrono::duration_cast<std::chrono::milliseconds>(alert.created_at.time_since_epoch());
      if (created.count() > until_ms) continue;
      const auto target = alert.target.units();
      if (alert.condition == alert_condition::above && high >= target) above.push_back(alert);
      if (alert.condition == alert_condition::below && low <= target) below.push_back(alert);
    }
    const auto by = [](bool ascending) {
      return [ascending](const watched_alert& a, const watched_alert& b) {
        if (a.target != b.target) return ascending ? a.target < b.target : a.target > b.target;
        return a.id < b.id;
      };
    };
    std::sort(above.begin(), above.end(), by(true));
    std::sort(below.begin(), below.end(), by(false));
    std::vector<firing_row> fired;
    for (const auto* side : {&above, &below}) {
      for (const auto& alert : *side) {
        fired.emplace_back(alert.id, alert.condition, alert.target.units());
        remove(alert.id);
      }
    }
    return fired;
  }
  std::size_t size() const { return alerts_.size(); }
  const std::vector<watched_alert>& alerts() const { return alerts_; }

 private:
  std::vector<watched_alert> alerts_;
  std::unordered_map<std::int64_t, std::size_t> index_;
};

// What one price fires comes out in id order.
std::vector<firing_row> rows(const std::vector<fired_alert>& fired) {
  std::vector<firing_row> result;
  for (const auto& item : fired) result.emplace_back(item.id, item.condition, item.target.units());
  return result;
}
std::vector<firing_row> by_id(std::vector<firing_row> expected) {
  std::sort(expected.begin(), expected.end());
  return expected;
}

class trigger_engine_model_test : public ::testing::Test {
 protected:
  std::int64_t uniform(std::int64_t low, std::int64_t high) {
    return std::uniform_int_distribution<std::int64_t>(low, high)(random_);
  }
  std::size_t pick(std::size_t count) { return static_cast<std::size_t>(uniform(0, static_cast<std::int64_t>(count) - 1)); }

  // A new alert on a random symbol, targets on whole units near the price so that equal targets
  // and prices equal to targets are common.
  void add_random(std::int64_t now_ms) {
    const auto symbol = pick(symbols_.size());
    const auto condition = uniform(0, 1) == 0 ? alert_condition::above : alert_condition::below;
    const auto distance = uniform(0, 10'000) * whole;
    const auto target = condition == alert_condition::above ? prices_[symbol] + distance
                                                            : std::max(whole, prices_[symbol] - distance);
    const watched_alert alert{next_id_++, symbols_[symbol], condition, price::from_units(target),
                              time_point(std::chrono::milliseconds(now_ms))};
    engine_.add(alert);
    model_[symbol].add(alert);
  }

  void check_counts() {
    std::size_t total = 0;
    std::vector<std::string> active;
    for (std::size_t i = 0; i < symbols_.size(); ++i) {
      total += model_[i].size();
      if (model_[i].size() > 0) active.push_back(symbols_[i]);
    }
    ASSERT_EQ(engine_.active_count(), total);
    ASSERT_EQ(engine_.symbols(), active);  // symbols_ is sorted
  }

  std::mt19937_64 random_{20'261'128};
  std::vector<std::string> symbols_{"BTCUSDT", "ETHUSDT", "SOLUSDT"};
  std::vector<std::int64_t> prices_ = std::vector<std::int64_t>(3, 50'000 * whole);
  std::vector<model_book> model_ = std::vector<model_book>(3);
  trigger_engine engine_;
  std::int64_t next_id_ = 1;
};

TEST_F(trigger_engine_model_test, matches_a_brute_force_model_over_random_ticks_adds_and_removes) {
  for (int i = 0; i < 200'000; ++i) add_random(0);
  ASSERT_NO_FATAL_FAILURE(check_counts());
  std::vector<fired_alert> fired;
  std::size_t total_fired = 0, total_removed = 0;
  for (std::int64_t step = 1; step <= 4000; ++step) {
    SCOPED_TRACE("step " + std::to_string(step));
    const auto action = step % 1500 == 0 ? 99 : uniform(0, 99);
    const auto symbol = pick(symbols_.size());
    auto& book = engine_.book_for(symbols_[symbol]);
    fired.clear();
    if (action < 55) {  // a live price, moving by whole units
      prices_[symbol] = std::clamp(prices_[symbol] + uniform(-300, 300) * whole, 1'000 * whole, 100'000 * whole);
      engine_.apply(book, price::from_units(prices_[symbol]), fired);
      const auto expected = model_[symbol].fire(prices_[symbol], prices_[symbol], INT64_MAX);
      ASSERT_EQ(rows(fired), by_id(expected));
      total_fired += expected.size();
    } else if (action < 62) {  // a gap's stretch; alerts younger than its end wait
      const auto low = std::max(whole, prices_[symbol] - uniform(0, 500) * whole);
      const auto high = prices_[symbol] + uniform(0, 500) * whole;
      const auto until = step - uniform(0, 100);
      engine_.apply_range(book, price::from_units(low), price::from_units(high),
                          time_point(std::chrono::milliseconds(until)), fired);
      const auto expected = model_[symbol].fire(low, high, until);
      ASSERT_EQ(rows(fired), by_id(expected));
      total_fired += expected.size();
      prices_[symbol] = uniform(low / whole, high / whole) * whole;
    } else if (action < 80) {
      add_random(step);
    } else if (model_[symbol].size() > 0) {
      // Remove one watched alert; twice in the run, two thirds of a book at once (compaction).
      const auto burst = step % 1500 == 0 ? model_[symbol].size() * 2 / 3 : 1;
      for (std::size_t i = 0; i < burst; ++i) {
        const auto id = model_[symbol].alerts()[pick(model_[symbol].size())].id;
        engine_.remove(id, symbols_[symbol]);
        model_[symbol].remove(id);
        ++total_removed;
      }
    }
    if (step % 50 == 0) {
      ASSERT_NO_FATAL_FAILURE(check_counts());
    }
  }
  // The walk must have exercised every path, not wandered off.
  EXPECT_GT(total_fired, 10'000u);
  EXPECT_GT(total_removed, 1'000u);
  // Both extremes of every symbol fire everything left.
  for (std::size_t symbol = 0; symbol < symbols_.size(); ++symbol) {
    for (const auto extreme : {price::max_units, std::int64_t{1}}) {
      fired.clear();
      engine_.apply(engine_.book_for(symbols_[symbol]), price::from_units(extreme), fired);
      ASSERT_EQ(rows(fired), by_id(model_[symbol].fire(extreme, extreme, INT64_MAX)));
    }
  }
  ASSERT_NO_FATAL_FAILURE(check_counts());
  EXPECT_EQ(engine_.active_count(), 0u);
}

}  // namespace
}  // namespace pricewatch
