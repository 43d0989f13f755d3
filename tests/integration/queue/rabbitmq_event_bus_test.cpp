// Tests the scale-out event bus through a real RabbitMQ (a vhost of this test's own): an event
// published in one process reaches that process's subscribers at once, marked here, and the other
// process's marked elsewhere, exactly once, and never comes back to its sender; prices travel too;
// subscribers hear when the bus (re)connects, since events may have been missed before.
#include "amqp_test_vhost.hpp"
#include "eventually.hpp"
#include "queue/rabbitmq/rabbitmq_event_bus.hpp"

#include <gtest/gtest.h>

#include <mutex>
#include <string>
#include <vector>

namespace pricewatch::queue {
namespace {

using test_support::eventually;

// What one process's subscriber heard, as "fired 7 here" or "price BTCUSDT 51000.5 elsewhere".
struct heard {
  std::mutex mutex;
  std::vector<std::string> events;
  int missed = 0;

  subscriber reactions() {
    return subscriber{
        [this](const alert_event& event, event_origin origin) {
          add((event.kind == alert_event_kind::fired ? "fired " : "other ") + std::to_string(event.changed.id) +
              where(origin));
        },
        [this](const price_update& update, event_origin origin) {
          add("price " + update.symbol + " " + update.value.to_string() + where(origin));
        },
        [this] {
          std::lock_guard lock(mutex);
          ++missed;
        }};
  }
  std::vector<std::string> snapshot() {
    std::lock_guard lock(mutex);
    return events;
  }
  int missed_count() {
    std::lock_guard lock(mutex);
    return missed;
  }

 private:
  static std::string where(event_origin origin) { return origin == event_origin::here ? " here" : " elsewhere"; }
  void add(std::string text) {
    std::lock_guard lock(mutex);
    events.push_back(std::move(text));
  }
};

alert_event fired(std::int64_t id) {
  alert_event event{alert_event_kind::fired, {}};
  event.changed.id = id;
  event.changed.user_id = 1;
  event.changed.symbol = "BTCUSDT";
  event.changed.target = *price::parse("51000");
  return event;
}

TEST(rabbitmq_event_bus, events_reach_both_processes_once_and_never_return_to_their_sender) {
  const auto url = test_support::amqp_test_vhost("events");
  ASSERT_FALSE(url.empty());
  steady_monotonic_clock clock;
  heard first_heard;
  heard second_heard;
  rabbitmq_event_bus first(url, "first", clock);
  rabbitmq_event_bus second(url, "second", clock);
  first.subscribe(first_heard.reactions());
  second.subscribe(second_heard.reactions());
  first.start();
  second.start();
  // Each receiver is bound once it has connected (and told its subscribers events may be missed).
  ASSERT_TRUE(eventually([&] { return first_heard.missed_count() == 1 && second_heard.missed_count() == 1; }));

  first.publish(fired(7));
  EXPECT_EQ(first_heard.snapshot(), std::vector<std::string>{"fired 7 here"}) << "before publish returns";
  ASSERT_TRUE(eventually([&] { return !second_heard.snapshot().empty(); }));
  first.publish_price(price_update{"BTCUSDT", *price::parse("51000.5"), time_point{}});
  ASSERT_TRUE(eventually([&] { return second_heard.snapshot().size() == 2; }));
  second.publish(fired(8));
  ASSERT_TRUE(eventually([&] { return first_heard.snapshot().size() == 3; }));

  // A round trip through the broker after the last event, so that a duplicate would be in by now.
  second.publish(fired(9));
  ASSERT_TRUE(eventually([&] { return first_heard.snapshot().size() == 4; }));
  EXPECT_EQ(first_heard.snapshot(),
            (std::vector<std::string>{"fired 7 here", "price BTCUSDT 51000.5 here", "fired 8 elsewhere",
                                      "fired 9 elsewhere"}));
  EXPECT_EQ(second_heard.snapshot(), (std::vector<std::string>{"fired 7 elsewhere", "price BTCUSDT 51000.5 elsewhere",
                                                               "fired 8 here", "fired 9 here"}));
  first.stop();
  second.stop();
}

}  // namespace
}  // namespace pricewatch::queue
