// A watcher on fakes that the test drives: an io_context run on the test thread (database work
// runs there too, inline), a manual clock and manual timers, the fake feed, the in-memory store
// behind scripted failures and the in-memory cache. No socket, thread or sleep.
#pragma once

#include "watch/watcher.hpp"

#include "cache/memory/memory_cache.hpp"
#include "core/time_format.hpp"
#include "fake_price_feed.hpp"
#include "manual_timers.hpp"
#include "scripted_store.hpp"
#include "watch/price_board.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pricewatch {

class watcher_test : public ::testing::Test {
 protected:
  static constexpr std::int64_t alice = 1;
  static constexpr std::int64_t bob = 2;

  ~watcher_test() override {
    if (watcher_) {
      watcher_->stop();
      run();
    }
  }

  // Makes the watcher (once) and starts it: it loads the active alerts and starts the feed.
  void start(watcher_config config = {}) {
    auto timers = std::make_unique<test_support::manual_timers>(clock_);
    auto feed = std::make_unique<fake_price_feed>();
    timers_ = timers.get();
    feed_ = feed.get();
    watcher::hooks hooks;
    hooks.on_price = [this](exchange_id, const std::string& symbol, price value, time_point) {
      priced.push_back(symbol + " " + value.to_string());
    };
    hooks.on_fired = [this](const std::vector<fired_record>& fired) { fired_batches.push_back(fired); };
    hooks.on_expired = [this](const std::vector<alert>& expired) { expired_batches.push_back(expired); };
    watcher_ = std::make_unique<watcher>(
        watcher_parts{io_.get_executor(), io_.get_executor(), store, cache, board, clock_, std::move(timers), std::move(feed)},
        hooks, std::move(config));
    watcher_->start();
    run();
  }

  void stop() {
    watcher_->stop();
    run();
  }
  void reconcile() {
    watcher_->reconcile();
    run();
  }
  // Another process's change, heard over the bus: nothing is written to the store here.
  void hear_created(const alert& made) {
    announce_created(made);
    run();
  }
  void hear_deleted(const alert& gone) {
    announce_deleted(gone);
    run();
  }
  // The same, not run yet: for hooks that run while the context does.
  void announce_created(const alert& made) { watcher_->alert_created(made); }
  void announce_deleted(const alert& gone) { watcher_->alert_deleted(gone); }

  // Runs everything ready: handlers, database work, resumed waits.
  void run() {
    io_.restart();
    io_.poll();
  }
  // Time passes: due waits end and what follows them runs.
  void advance(std::chrono::milliseconds by) {
    timers_->advance(by);
    run();
  }

  // An alert made through the store and, once the watcher runs, announced to it (as the API does).
  std::int64_t create(std::int64_t owner, const alert_request& request) {
    const auto made = store.create(owner, request, clock_.now());
    if (watcher_) {
      watcher_->alert_created(made);
      run();
    }
    return made.id;
  }
  std::int64_t create(std::int64_t owner, std::string symbol, alert_condition condition, std::string_view target) {
    return create(owner, level_request(std::move(symbol), condition, *price::parse(target)));
  }
  // A change made through the store and announced, as alert_service does for a PATCH.
  void change(std::int64_t owner, std::int64_t id, const alert_request& request, alert_status new_status) {
    const auto before = store.find(owner, id);
    const auto changed = store.update(owner, id, request, new_status);
    ASSERT_EQ(changed.outcome, change_outcome::changed);
    watcher_->alert_changed(*changed.changed, before->symbol != request.symbol ? before->symbol : std::string());
    run();
  }

  std::int64_t above(std::int64_t owner, std::string symbol, std::string_view target) {
    return create(owner, std::move(symbol), alert_condition::above, target);
  }
  std::int64_t below(std::int64_t owner, std::string symbol, std::string_view target) {
    return create(owner, std::move(symbol), alert_condition::below, target);
  }
  void remove(std::int64_t owner, std::int64_t id) {
    const auto gone = store.find(owner, id);
    ASSERT_EQ(store.mark_deleted(owner, id), delete_outcome::deleted);
    watcher_->alert_deleted(*gone);
    run();
  }

  // A trade at this price, as old as asked, and what follows it (the firing's database write).
  void tick(const std::string& symbol, std::string_view value, std::chrono::milliseconds age = {}) {
    feed().tick(symbol, value, clock_.now() - age);
    run();
  }

  alert_status status(std::int64_t owner, std::int64_t id) { return store.find(owner, id)->status; }
  std::string triggered_price(std::int64_t owner, std::int64_t id) {
    const auto found = store.find(owner, id);
    return found->triggered_price ? found->triggered_price->to_string() : std::string();
  }
  // Every alert id the on_fired hook was told of, in order.
  std::vector<std::int64_t> fired_ids() const {
    std::vector<std::int64_t> ids;
    for (const auto& batch : fired_batches) {
      for (const auto& record : batch) ids.push_back(record.alert_id);
    }
    return ids;
  }

  fake_price_feed& feed() { return *feed_; }
  test_support::manual_timers& timers() { return *timers_; }
  const manual_clock& clock() const { return clock_; }

 private:
  boost::asio::io_context io_;
  manual_clock clock_{from_unix_millis(1'700'000'000'000)};

 protected:
  scripted_store store;
  memory_cache cache{cache_config{}, clock_};
  price_board board;
  std::vector<std::vector<fired_record>> fired_batches;
  std::vector<std::vector<alert>> expired_batches;
  std::vector<std::string> priced;  // "SYMBOL price" of each on_price

 private:
  test_support::manual_timers* timers_ = nullptr;  // owned by the watcher
  fake_price_feed* feed_ = nullptr;                // owned by the watcher
  std::unique_ptr<watcher> watcher_;
};

}  // namespace pricewatch
