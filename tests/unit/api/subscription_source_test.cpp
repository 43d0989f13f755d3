// Tests the hub subscription as the HTTP layer streams it: events as SSE text, oldest first, and
// a comment saying how many a slow reader lost.
#include "api/subscription_source.hpp"

#include <gtest/gtest.h>

namespace pricewatch::api {
namespace {

TEST(subscription_source, gives_the_queued_events_as_sse_text_once) {
  event_hub hub;
  subscription_source source(hub.subscribe("users/1"));
  int ready = 0;
  source.on_ready([&] { ++ready; });
  hub.publish("users/1", {"alert", R"({"a":1})"});
  hub.publish("users/1", {"alert", R"({"a":2})"});
  EXPECT_EQ(ready, 2);
  EXPECT_EQ(source.take_text(), "event: alert\ndata: {\"a\":1}\n\nevent: alert\ndata: {\"a\":2}\n\n");
  EXPECT_EQ(source.take_text(), "");
}

TEST(subscription_source, says_how_many_events_a_slow_reader_lost) {
  event_hub hub;
  subscription_source source(hub.subscribe("prices/BTCUSDT", 1));
  hub.publish("prices/BTCUSDT", {"price", "1"});
  hub.publish("prices/BTCUSDT", {"price", "2"});
  EXPECT_EQ(source.take_text(), ": 1 events dropped for a slow reader\n\nevent: price\ndata: 2\n\n");
}

}  // namespace
}  // namespace pricewatch::api
