// Tests the in-process publish/subscribe of stream events: delivery by topic, the bound that
// drops the oldest, unsubscribing on destruction, and publishing from a notification (which
// must not deadlock: the hub holds no lock while it delivers).
#include "events/event_hub.hpp"

#include <gtest/gtest.h>

namespace pricewatch {
namespace {

std::vector<std::string> names_of(const std::vector<stream_event>& events) {
  std::vector<std::string> names;
  for (const auto& event : events) names.push_back(event.name);
  return names;
}

TEST(event_hub, delivers_to_the_topics_subscribers_only) {
  event_hub hub;
  auto mine = hub.subscribe("users/1");
  auto other = hub.subscribe("users/2");
  int notified = 0;
  mine->on_event([&] { ++notified; });
  hub.publish("users/1", {"alert", "{}"});
  std::uint64_t dropped = 0;
  EXPECT_EQ(names_of(mine->take(dropped)), std::vector<std::string>{"alert"});
  EXPECT_EQ(dropped, 0u);
  EXPECT_TRUE(other->take(dropped).empty());
  EXPECT_EQ(notified, 1);
}

TEST(event_hub, keeps_the_newest_events_up_to_the_bound_and_counts_the_dropped) {
  event_hub hub;
  auto slow = hub.subscribe("prices/BTCUSDT", 2);
  for (const char* name : {"a", "b", "c"}) hub.publish("prices/BTCUSDT", {name, "{}"});
  std::uint64_t dropped = 0;
  EXPECT_EQ(names_of(slow->take(dropped)), (std::vector<std::string>{"b", "c"}));
  EXPECT_EQ(dropped, 1u);
}

TEST(event_hub, a_destroyed_subscription_receives_nothing_more) {
  event_hub hub;
  auto subscription = hub.subscribe("users/1");
  EXPECT_TRUE(hub.has_subscribers("users/1"));
  subscription.reset();
  EXPECT_FALSE(hub.has_subscribers("users/1"));
  EXPECT_EQ(hub.subscribers(), 0u);
  hub.publish("users/1", {"alert", "{}"});  // nobody to deliver to
}

TEST(event_hub, a_notification_may_publish_again_without_deadlock) {
  event_hub hub;
  auto first = hub.subscribe("a");
  auto second = hub.subscribe("b");
  first->on_event([&] { hub.publish("b", {"relayed", "{}"}); });
  hub.publish("a", {"original", "{}"});
  std::uint64_t dropped = 0;
  EXPECT_EQ(names_of(second->take(dropped)), std::vector<std::string>{"relayed"});
}

}  // namespace
}  // namespace pricewatch
