#include "queue/rabbitmq/rabbitmq_event_bus.hpp"

#include "queue/rabbitmq/amqp_connection.hpp"
#include "queue/rabbitmq/messages.hpp"
#include "queue/rabbitmq/topology.hpp"

#include <spdlog/spdlog.h>

#include <vector>

namespace pricewatch::queue {
namespace {

constexpr std::size_t max_waiting = 100'000;
constexpr std::size_t max_batch = 500;
constexpr auto price_interval = std::chrono::milliseconds(250);

}  // namespace

rabbitmq_event_bus::rabbitmq_event_bus(std::string amqp_url, std::string origin, const monotonic_clock& clock)
    : url_(std::move(amqp_url)), origin_(std::move(origin)), clock_(clock) {}

rabbitmq_event_bus::~rabbitmq_event_bus() { stop(); }

void rabbitmq_event_bus::start() {
  sender_ = std::jthread([this](std::stop_token stop) { send_loop(stop); });
  // A process where nothing reacts to events (a lone notifier) need not hear them.
  if (!subscribers_.empty()) receiver_ = std::jthread([this](std::stop_token stop) { receive_loop(stop); });
}

void rabbitmq_event_bus::stop() {
  sender_.request_stop();
  receiver_.request_stop();
  if (sender_.joinable()) sender_.join();
  if (receiver_.joinable()) receiver_.join();
}

void rabbitmq_event_bus::publish(const alert_event& event) {
  subscribers_.deliver(event, event_origin::here);
  enqueue(encode_alert_message(alert_message{origin_, event}));
}

void rabbitmq_event_bus::publish_price(const price_update& update) {
  subscribers_.deliver(update, event_origin::here);
  auto body = encode_price_message(price_message{origin_, update});
  {
    std::lock_guard lock(mutex_);
    latest_prices_[update.symbol] = std::move(body);
  }
  changed_.notify_all();
}

void rabbitmq_event_bus::enqueue(std::string body) {
  {
    std::lock_guard lock(mutex_);
    if (outgoing_.size() >= max_waiting) {
      outgoing_.pop_front();
      dropped_.fetch_add(1, std::memory_order_relaxed);
    }
    outgoing_.push_back(std::move(body));
  }
  changed_.notify_all();
}

void rabbitmq_event_bus::send_loop(std::stop_token stop) {
  amqp_link link(
      url_, [](amqp_connection& connection) { connection.declare_fanout_exchange(events_exchange); }, clock_, 0);
  std::vector<outgoing_message> batch;
  while (true) {
    {
      std::unique_lock lock(mutex_);
      const auto prices_due = [this] {
        return !latest_prices_.empty() && clock_.now() >= next_prices_;
      };
      while (!stop.stop_requested() && outgoing_.empty() && !prices_due()) {
        if (latest_prices_.empty()) {
          changed_.wait(lock, stop, [this] { return !outgoing_.empty() || !latest_prices_.empty(); });
        } else {
          changed_.wait_until(lock, stop, next_prices_, [this] { return !outgoing_.empty(); });
        }
      }
      if (stop.stop_requested()) return;
      batch.clear();
      while (!outgoing_.empty() && batch.size() < max_batch) {
        batch.push_back(outgoing_message{events_exchange, "", std::move(outgoing_.front()), false});
        outgoing_.pop_front();
      }
      if (prices_due()) {
        // Prices are not kept for a retry: newer ones will come.
        for (auto& [symbol, body] : latest_prices_) {
          batch.push_back(outgoing_message{events_exchange, "", std::move(body), false});
        }
        latest_prices_.clear();
        next_prices_ = clock_.now() + price_interval;
      }
    }
    try {
      link.get().publish(batch);
    } catch (const amqp_error& error) {
      link.drop(error);
      {
        // Back in front, in order, for the next attempt; the bound still holds.
        std::lock_guard lock(mutex_);
        for (auto item = batch.rbegin(); item != batch.rend(); ++item) {
          if (outgoing_.size() >= max_waiting) {
            dropped_.fetch_add(1, std::memory_order_relaxed);
            continue;
          }
          outgoing_.push_front(std::move(item->body));
        }
      }
      if (!pause_.sleep_for(stop, std::chrono::milliseconds(200))) return;
    }
  }
}

void rabbitmq_event_bus::receive_loop(std::stop_token stop) {
  amqp_link link(
      url_,
      [this](amqp_connection& connection) {
        connection.declare_fanout_exchange(events_exchange);
        connection.consume(connection.bind_private_queue(events_exchange), 500);
        subscribers_.missed();
      },
      clock_);
  while (!stop.stop_requested()) {
    try {
      auto& connection = link.get();
      const auto message = connection.next(std::chrono::milliseconds(500));
      if (!message) continue;
      connection.ack(message->delivery_tag);
      const auto event = decode_event(message->body);
      if (!event) {
        spdlog::warn("event bus: malformed event ignored: {:.200}", message->body);
      } else if (const auto* changed = std::get_if<alert_message>(&*event)) {
        if (changed->origin != origin_) subscribers_.deliver(changed->event, event_origin::elsewhere);
      } else if (const auto& price = std::get<price_message>(*event); price.origin != origin_) {
        subscribers_.deliver(price.update, event_origin::elsewhere);
      }
    } catch (const amqp_error& error) {
      link.drop(error);
      if (!pause_.sleep_for(stop, std::chrono::milliseconds(200))) return;
    }
  }
}

}  // namespace pricewatch::queue
