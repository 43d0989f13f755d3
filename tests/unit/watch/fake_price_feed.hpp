// A price_feed the test plays the exchange for: it records what the watcher asks to follow and
// hands the watcher ticks, gaps, history and state changes when told, synchronously, with no
// socket; it records the history the watcher asks to recall.
#pragma once

#include "feed/price_feed.hpp"

#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pricewatch {

class fake_price_feed final : public price_feed {
 public:
  void start(feed_handlers handlers) override {
    handlers_ = std::move(handlers);
    started = true;
  }
  void follow(const std::set<std::string>& symbols) override { followed = symbols; }
  void stop() override { stopped = true; }
  void recall(const std::string& symbol, time_point from) override { recalled.emplace_back(symbol, from); }

  // value may be negative ("-1.5"), which no real exchange parser lets through but the watcher
  // must refuse anyway.
  void tick(const std::string& symbol, std::string_view value, time_point trade_time) {
    const bool negative = value.starts_with('-');
    const auto magnitude = *price::parse(negative ? value.substr(1) : value);
    const price_tick tick{symbol, negative ? price::from_units(-magnitude.units()) : magnitude, trade_time};
    handlers_.on_tick(tick);
  }
  void gap(const std::string& symbol, std::string_view low, std::string_view high, time_point from, time_point until) {
    const price_gap gap{symbol, *price::parse(low), *price::parse(high), from, until};
    handlers_.on_gap(gap);
  }
  void history(const std::string& symbol, std::string_view low, std::string_view high, time_point from, time_point until) {
    handlers_.on_history(price_gap{symbol, *price::parse(low), *price::parse(high), from, until});
  }
  void state(feed_state now) { handlers_.on_state(now); }
  void unreadable() { handlers_.on_unreadable(); }

  bool started = false;
  bool stopped = false;
  std::set<std::string> followed;
  std::vector<std::pair<std::string, time_point>> recalled;

 private:
  feed_handlers handlers_;
};

}  // namespace pricewatch
