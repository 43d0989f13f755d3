// The watcher of one exchange: keeps every active alert of that exchange in the trigger engine, applies the prices and gaps its
// exchange feed reports and the passing of time (cooldowns), and hands fired alerts to the
// database in batches until it accepts them, so that no crossing is lost. It also expires the
// alerts whose expires_at has passed. The feed (feed/price_feed.hpp) owns everything about the
// exchange. All of the watcher's state lives on one strand; its methods may be called from any
// thread.
#pragma once

#include "alerts/alert_listener.hpp"
#include "alerts/notification.hpp"
#include "watch/watcher_config.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace boost::asio {
class io_context;
}

namespace pricewatch {

class alert_store;
class blocking_pool;
class price_board;
class price_feed;
class response_cache;
class timer_factory;
class monotonic_clock;
class random_source;
class wall_clock;

// What a watcher works with, each one injected, so that unit tests drive it with a fake feed, an
// in-memory store, a manual clock and manual timers on a context they run: no socket, thread or sleep.
struct watcher_parts {
  // One strand (or a context run by one thread): the watcher and its feed run and report on it.
  boost::asio::any_io_executor executor;
  // Where calls that block run (the database, a shared cache): the blocking pool's threads.
  boost::asio::any_io_executor blocking;
  alert_store& alerts;
  response_cache& cache;
  price_board& board;
  const wall_clock& clock;
  std::unique_ptr<timer_factory> timers;
  std::unique_ptr<price_feed> feed;  // made on executor
};

class watcher final : public alert_listener {
 public:
  // Told, on the watcher's strand, of each accepted price, of the firings the database accepted
  // (the notifier's cue that the outbox has work) and of the alerts it expired. They must not block.
  struct hooks {
    std::function<void(exchange_id exchange, const std::string& symbol, price value, time_point trade_time)> on_price;
    std::function<void(const std::vector<fired_record>& fired)> on_fired;
    std::function<void(const std::vector<alert>& expired)> on_expired;
  };

  // The production wiring: a strand of io, the blocking pool, steady timers and the feed that
  // make_price_feed builds from config.feed.
  watcher(boost::asio::io_context& io, blocking_pool& pool, alert_store& alerts, response_cache& cache,
          price_board& board, const wall_clock& clock, const monotonic_clock& monotonic, random_source& random,
          hooks notify, watcher_config config);
  watcher(watcher_parts parts, hooks notify, watcher_config config);
  ~watcher() override;
  watcher(const watcher&) = delete;
  watcher& operator=(const watcher&) = delete;

  // Loads the active alerts from the database (retrying until it answers), then follows the feed.
  void start();
  void stop();

  void alert_created(const alert& created) override;
  void alert_deleted(const alert& deleted) override;
  void alert_changed(const alert& changed, const std::string& previous_symbol) override;

  // Rebuilds the engine from the database's active alerts soon (changes may have been missed).
  void reconcile();

 private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

}  // namespace pricewatch
