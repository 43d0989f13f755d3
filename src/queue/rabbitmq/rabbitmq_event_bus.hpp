// The scale-out event bus: alert events and the watchers' last prices between processes over a
// fanout exchange, so that every watcher updates its engine at once and every api process pushes
// the change to its browsers. publish() delivers to this process's subscribers, then queues the
// event for a sender thread and never blocks a request; a receiver thread (started only when
// someone here subscribes) hands each event from another process to the subscribers. Events are
// not the source of truth: while the broker is away they wait (up to a bound, then the oldest
// are dropped and counted), and watchers reconcile with the database, at once after a reconnect
// (on_missed) and periodically.
#pragma once

#include "core/stoppable_sleep.hpp"
#include "queue/event_bus.hpp"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

namespace pricewatch::queue {

class rabbitmq_event_bus final : public event_bus {
 public:
  // origin names this process in its events, so that it skips its own.
  rabbitmq_event_bus(std::string amqp_url, std::string origin, const monotonic_clock& clock);
  ~rabbitmq_event_bus() override;
  rabbitmq_event_bus(const rabbitmq_event_bus&) = delete;
  rabbitmq_event_bus& operator=(const rabbitmq_event_bus&) = delete;

  void subscribe(subscriber reactions) override { subscribers_.add(std::move(reactions)); }
  void publish(const alert_event& event) override;
  void publish_price(const price_update& update) override;
  void start() override;
  void stop() override;

  std::uint64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }

 private:
  void enqueue(std::string body);
  // Each on a std::jthread of its own until stop() asks it to end.
  void send_loop(std::stop_token stop);
  void receive_loop(std::stop_token stop);

  std::string url_;
  std::string origin_;
  const monotonic_clock& clock_;
  subscriber_list subscribers_;
  std::mutex mutex_;
  std::condition_variable_any changed_;  // outgoing_ or latest_prices_ changed
  stoppable_sleep pause_;                 // between attempts to reach the broker
  std::deque<std::string> outgoing_;
  std::map<std::string, std::string> latest_prices_;  // per symbol, not sent yet
  monotonic_clock::time_point next_prices_{};
  std::atomic<std::uint64_t> dropped_{0};
  std::jthread sender_;
  std::jthread receiver_;
};

}  // namespace pricewatch::queue
