// An exchange adapter, made by make_price_feed as a watcher makes it, running on a thread of
// its own against the fake exchange (tests/fixtures/fake_exchange.py, started per test on
// 127.0.0.1), and everything the adapter reported: what the integration tests of every
// exchange assert on.
#pragma once

#include "eventually.hpp"
#include "exchange_control.hpp"
#include "json_checks.hpp"
#include "service_process.hpp"
#include "temp_directory.hpp"

#include "core/clock.hpp"
#include "core/random.hpp"
#include "feed/feed_settings.hpp"
#include "feed/price_feed.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace pricewatch::feed_tests {

// The fake exchange, speaking Binance's, Coinbase's and Kraken's formats on one port.
class fake_exchange {
 public:
  explicit fake_exchange(std::vector<std::string> arguments);
  unsigned short port() const { return process_->port(); }
  e2e::exchange_control& control() { return *control_; }
  std::string output() const { return process_->output(); }

 private:
  test_support::temp_directory directory_;
  std::unique_ptr<e2e::service_process> process_;
  std::unique_ptr<e2e::exchange_control> control_;
};

// The settings a watcher of that exchange would have, pointed at the fake: its stream at
// ws://127.0.0.1:<port> (Kraken's at /v2), its REST API at http://127.0.0.1:<port>, polling
// every second and heartbeats missed after two.
feed_settings fake_settings(exchange_id exchange, unsigned short port);

// What a feed reported; its methods may be called from any thread.
class feed_reports {
 public:
  feed_handlers handlers();
  std::vector<price_tick> ticks() const;
  std::vector<price_gap> gaps() const;
  std::vector<price_gap> history() const;
  std::vector<feed_state> states() const;
  int unreadable() const;
  // Whether a tick of that symbol at exactly that price (a decimal string) arrived.
  bool has_tick(const std::string& symbol, const std::string& value) const;
  // The lowest low and highest high among the gaps (the history) of a symbol, if any.
  std::optional<std::pair<price, price>> gap_range(const std::string& symbol) const;
  std::optional<std::pair<price, price>> history_range(const std::string& symbol) const;

 private:
  mutable std::mutex mutex_;
  std::vector<price_tick> ticks_;
  std::vector<price_gap> gaps_;
  std::vector<price_gap> history_;
  std::vector<feed_state> states_;
  int unreadable_ = 0;
};

// The adapter of settings.exchange, started at once on its own io_context and thread.
class running_feed {
 public:
  explicit running_feed(const feed_settings& settings);
  // Stops the feed, lets its work end (5 s at most) and joins the thread.
  ~running_feed();
  running_feed(const running_feed&) = delete;
  running_feed& operator=(const running_feed&) = delete;

  void follow(std::set<std::string> symbols);
  void recall(std::string symbol, time_point from);
  feed_reports& reports() { return reports_; }
  // The exchange's instrument list, from make_instrument_query on the feed's thread.
  result<std::set<std::string>> instruments();

 private:
  feed_settings settings_;
  boost::asio::io_context io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  system_wall_clock clock_;
  steady_monotonic_clock monotonic_;
  fixed_random random_{0.0};  // reconnects after the shortest jittered delay
  feed_reports reports_;
  std::unique_ptr<price_feed> feed_;
  std::promise<void> finished_;
  std::thread thread_;
};

// A parameterised test's name: its exchange's ("coinbase").
template <class Case>
std::string exchange_test_name(const ::testing::TestParamInfo<Case>& param) {
  return std::string(exchange_name(param.param.exchange));
}

// A test of one exchange's adapter (Case names its `exchange` and the fake's `format` for it:
// binance, coinbase or kraken) against a fake exchange of its own.
template <class Case>
class feed_test : public ::testing::TestWithParam<Case> {
 protected:
  // Starts the fake with these arguments, then the adapter pointed at it.
  void start(std::vector<std::string> fake_arguments) {
    exchange_ = std::make_unique<fake_exchange>(std::move(fake_arguments));
    feed_ = std::make_unique<running_feed>(fake_settings(item().exchange, exchange_->port()));
  }

  void TearDown() override {
    feed_.reset();
    if (this->HasFailure() && exchange_) std::cerr << "---- fake exchange output ----\n" << exchange_->output() << "\n";
  }

  const Case& item() const { return this->GetParam(); }
  e2e::exchange_control& control() { return exchange_->control(); }
  feed_reports& reports() { return feed_->reports(); }
  // A number of the state of the fake's streams of this format ("connection_attempts").
  std::int64_t stream_number(std::string_view key) {
    return test_support::integer_of(test_support::member(control().stream_state(item().format), key));
  }

  bool wait_for_tick(const std::string& symbol, const std::string& price) {
    const bool arrived = test_support::eventually([&] { return reports().has_tick(symbol, price); });
    EXPECT_TRUE(arrived) << "no tick of " << symbol << " at " << price;
    return arrived;
  }

  std::unique_ptr<fake_exchange> exchange_;
  std::unique_ptr<running_feed> feed_;
};

}  // namespace pricewatch::feed_tests
