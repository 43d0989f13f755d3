// Publish/subscribe of small text events inside one process: live prices per symbol and each
// user's alert changes, fanned out to Server-Sent Events streams. Publishing never blocks on a
// slow reader: each subscription keeps the newest events up to a bound and drops the oldest.
// Thread-safe; notify callbacks run on the publisher's thread and must only schedule work.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace pricewatch {

struct stream_event {
  std::string name;  // the SSE "event:" field
  std::string data;  // one line of JSON
};

// The event as Server-Sent Events text, ending with the blank line that dispatches it.
inline std::string to_sse_text(const stream_event& event) {
  return "event: " + event.name + "\ndata: " + event.data + "\n\n";
}

class event_hub;

class event_subscription {
 public:
  event_subscription(event_hub& hub, std::string topic, std::size_t capacity);
  ~event_subscription();
  event_subscription(const event_subscription&) = delete;
  event_subscription& operator=(const event_subscription&) = delete;

  // Called after each event queued; set it before events can matter.
  void on_event(std::function<void()> notify);
  // Everything queued since the last call, oldest first, and how many were dropped meanwhile.
  std::vector<stream_event> take(std::uint64_t& dropped);

 private:
  friend class event_hub;
  // What a publisher delivers to: shared with the hub, so that delivering needs no lock of the
  // hub's and a subscription that goes away meanwhile only misses the event.
  struct queue {
    explicit queue(std::size_t bound) : capacity(bound) {}
    void push(const stream_event& event);

    std::size_t capacity;
    std::mutex mutex;
    std::deque<stream_event> events;
    std::uint64_t dropped = 0;
    std::function<void()> notify;
  };

  event_hub& hub_;
  std::string topic_;
  std::shared_ptr<queue> queue_;
};

class event_hub {
 public:
  // The subscription unsubscribes itself when destroyed; it must not outlive the hub.
  std::unique_ptr<event_subscription> subscribe(const std::string& topic, std::size_t capacity = 64);
  // Delivers to the topic's subscribers without holding the hub's lock while it does.
  void publish(const std::string& topic, const stream_event& event);
  std::size_t subscribers() const;
  bool has_subscribers(const std::string& topic) const;

  static std::string price_topic(const std::string& symbol) { return "prices/" + symbol; }
  static std::string user_topic(std::int64_t user_id) { return "users/" + std::to_string(user_id); }

 private:
  friend class event_subscription;
  void remove(const std::string& topic, const event_subscription::queue* subscriber);

  mutable std::mutex mutex_;
  std::multimap<std::string, std::shared_ptr<event_subscription::queue>> subscriptions_;
};

}  // namespace pricewatch
