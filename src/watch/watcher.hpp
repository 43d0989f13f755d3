// The watcher: keeps every active alert in the trigger engine, follows the exchange's prices
// (stream, with REST polling as the fallback or as the configured source), fills gaps in the
// stream from 1-second klines, and hands fired alerts to the database in batches until it
// accepts them, so that no crossing is lost. All of its state lives on one strand.
// Its methods may be called from any thread.
#pragma once

#include "alerts/alert_listener.hpp"
#include "alerts/notification.hpp"
#include "feed/endpoint.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace boost::asio {
class io_context;
}

namespace pricewatch {

class alert_store;
class blocking_pool;
class price_board;
class response_cache;
class wall_clock;

enum class feed_source { stream, rest };

struct watcher_config {
  feed_source source = feed_source::stream;
  endpoint stream_endpoint;
  endpoint rest_endpoint;
  std::chrono::seconds poll_interval{10};
  std::chrono::seconds max_staleness{30};
  std::size_t max_batch = 10'000;  // fired alerts per database transaction
  // The symbols this watcher watches (--symbols); empty: all of them.
  std::set<std::string> symbols;
  // How often the engine is rebuilt from the database (0: never). Needed when changes arrive
  // over a bus that can lose them (scale-out); in one process every change arrives directly.
  std::chrono::seconds reconcile_interval{0};
};

class watcher final : public alert_listener {
 public:
  // Told, on the watcher's strand, of each accepted price and of the alerts the database
  // accepted as fired (the notifier's cue that the outbox has work). They must not block.
  struct hooks {
    std::function<void(const std::string& symbol, price value, time_point trade_time)> on_price;
    std::function<void(const std::vector<fired_record>& fired)> on_fired;
  };

  watcher(boost::asio::io_context& io, blocking_pool& pool, alert_store& alerts, response_cache& cache,
          price_board& board, const wall_clock& clock, hooks notify, watcher_config config);
  ~watcher() override;
  watcher(const watcher&) = delete;
  watcher& operator=(const watcher&) = delete;

  // Loads the active alerts from the database (retrying until it answers), then follows the feed.
  void start();
  void stop();

  void alert_created(const alert& created) override;
  void alert_deleted(const alert& deleted) override;

  // Rebuilds the engine from the database's active alerts soon (changes may have been missed).
  void reconcile();

 private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

}  // namespace pricewatch
