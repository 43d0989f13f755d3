// Alert events between processes (scale-out mode) over a fanout exchange, so that every watcher
// updates its engine at once and every api process pushes the change to its browsers; and the
// watchers' last prices, for the api processes' price routes and streams.
// publish() queues the event for a sender thread and never blocks a request; a receiver thread
// hands each event from another process to on_event. Events are not the source of truth: while
// the broker is away they wait (up to a bound, then the oldest are dropped and counted), and
// watchers reconcile with the database, at once after a reconnect and periodically.
#pragma once

#include "alerts/alert.hpp"
#include "queue/amqp/amqp_connection.hpp"
#include "queue/messages.hpp"
#include "core/stoppable_sleep.hpp"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

namespace pricewatch::queue {

class event_bus {
 public:
  struct handlers {
    std::function<void(const alert_event&)> on_event;  // on the receiver thread; must not block long
    std::function<void(const price_update&)> on_price;
    std::function<void()> on_connected;               // the receiver (re)connected: events may have been missed
  };

  // origin names this process in its events, so that it can skip its own.
  event_bus(std::string amqp_url, std::string origin, handlers notify);
  ~event_bus();
  event_bus(const event_bus&) = delete;
  event_bus& operator=(const event_bus&) = delete;

  void start(bool receive);
  void stop();
  void publish(alert_event_kind kind, const alert& changed);
  // Only the latest price of a symbol is sent, at most every price_interval: the api processes
  // show prices, they need not see every trade.
  void publish_price(const std::string& symbol, price value, time_point trade_time);

  std::uint64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }

 private:
  void enqueue(std::string body);
  // Each on a std::jthread of its own until stop() asks it to end.
  void send_loop(std::stop_token stop);
  void receive_loop(std::stop_token stop);

  std::string url_;
  std::string origin_;
  handlers handlers_;
  std::mutex mutex_;
  std::condition_variable_any changed_;  // outgoing_ or latest_prices_ changed
  stoppable_sleep pause_;                 // between attempts to reach the broker
  std::deque<std::string> outgoing_;
  std::map<std::string, std::string> latest_prices_;  // per symbol, not sent yet
  std::chrono::steady_clock::time_point next_prices_{};
  std::atomic<std::uint64_t> dropped_{0};
  std::jthread sender_;
  std::jthread receiver_;
};

}  // namespace pricewatch::queue
