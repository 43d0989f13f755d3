// One connection to RabbitMQ with one channel, over rabbitmq-c (synchronous). Not thread-safe:
// each thread that publishes or consumes owns its own. Any failure throws amqp_error and leaves
// the connection unusable; amqp_link reopens one with backoff, so loops survive broker restarts.
// rabbitmq-c's headers stay in the .cpp.
#pragma once

#include "core/backoff.hpp"
#include "core/clock.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>

namespace pricewatch::queue {

class amqp_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct outgoing_message {
  std::string exchange;     // "" is the default exchange: routing_key names the queue
  std::string routing_key;
  std::string body;
  bool mandatory = true;    // unroutable is an error (a job with no queue); events may have no listener
};

struct incoming_message {
  std::uint64_t delivery_tag = 0;
  std::string body;
  bool redelivered = false;
};

class amqp_connection {
 public:
  // Connects, logs in and opens a channel in publisher-confirm mode. Throws amqp_error, or
  // std::invalid_argument for a malformed URL. Heartbeats let a consumer notice a dead broker
  // while it waits; rabbitmq-c only sends them from inside its calls, so a connection that only
  // publishes now and then (heartbeat 0) would be closed by the broker while idle, and notices a
  // dead broker by its publish failing instead.
  // The clock measures how long the broker takes to confirm.
  amqp_connection(const std::string& url, const monotonic_clock& clock, int heartbeat_seconds = 30);
  ~amqp_connection();
  amqp_connection(const amqp_connection&) = delete;
  amqp_connection& operator=(const amqp_connection&) = delete;

  // A durable queue; messages rejected without requeue go to dead_letter_queue when one is named.
  void declare_durable_queue(const std::string& name, const std::string& dead_letter_queue = {});
  void declare_fanout_exchange(const std::string& name);
  // A queue of this connection's own (exclusive, deleted with it) bound to a fanout exchange.
  std::string bind_private_queue(const std::string& exchange);

  // Publishes persistent messages and returns once the broker confirmed every one (it has them
  // on disk for durable queues); throws when it refused, returned or did not confirm one in time.
  void publish(std::span<const outgoing_message> messages);

  // Starts consuming with manual acknowledgements, at most prefetch unacknowledged at a time.
  void consume(const std::string& queue, std::uint16_t prefetch);
  // The next delivery, or nullopt when none arrived within timeout.
  std::optional<incoming_message> next(std::chrono::milliseconds timeout);
  void ack(std::uint64_t delivery_tag);
  // Messages ready in a durable queue (declared passively: it must exist); for operators and tests.
  std::uint32_t message_count(const std::string& queue);
  void reject(std::uint64_t delivery_tag, bool requeue);

 private:
  struct state;
  std::unique_ptr<state> state_;
};

// Opens a connection when asked and none is open, running setup (declarations, consume) on each
// new one; after a failure, waits a growing pause (up to 2 s) before the next attempt.
class amqp_link {
 public:
  amqp_link(std::string url, std::function<void(amqp_connection&)> setup, const monotonic_clock& clock,
            int heartbeat_seconds = 30);

  // The open connection; throws amqp_error while the broker is unreachable or backing off.
  amqp_connection& get();
  // Forgets the open connection after it failed (nothing when none is open).
  void drop(const std::exception& failure);

 private:
  void back_off(const std::exception& failure);

  std::string url_;
  std::function<void(amqp_connection&)> setup_;
  const monotonic_clock& clock_;
  int heartbeat_seconds_;
  std::unique_ptr<amqp_connection> connection_;
  monotonic_clock::time_point retry_at_{};
  backoff reconnect_{std::chrono::milliseconds(100), std::chrono::milliseconds(2'000)};
};

}  // namespace pricewatch::queue
