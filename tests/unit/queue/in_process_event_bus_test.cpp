// Tests the embedded mode's event bus (every subscriber hears each event, in order, before
// publish returns, marked here) and which backend a queue.url names.
#include "queue/in_process/in_process_event_bus.hpp"
#include "queue/queue_url.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace pricewatch::queue {
namespace {

TEST(in_process_event_bus, every_subscriber_hears_each_event_in_order_before_publish_returns) {
  in_process_event_bus bus;
  std::vector<std::string> heard;
  const auto listen = [&](std::string name) {
    return subscriber{[&heard, name](const alert_event& event, event_origin origin) {
                        heard.push_back(name + " alert " + std::to_string(event.changed.id) +
                                        (origin == event_origin::here ? " here" : " elsewhere"));
                      },
                      [&heard, name](const price_update& update, event_origin) {
                        heard.push_back(name + " price " + update.symbol);
                      },
                      nullptr};
  };
  bus.subscribe(listen("a"));
  bus.subscribe(subscriber{});  // reacts to nothing
  bus.subscribe(listen("b"));
  bus.start();
  alert_event created{alert_event_kind::created, {}};
  created.changed.id = 7;
  bus.publish(created);
  EXPECT_EQ(heard, (std::vector<std::string>{"a alert 7 here", "b alert 7 here"}));
  bus.publish_price(price_update{"BTCUSDT", *price::parse("1"), time_point{}});
  EXPECT_EQ(heard.size(), 4u);
  EXPECT_EQ(heard[3], "b price BTCUSDT");
  bus.stop();
}

TEST(queue_backend_of, names_the_backend_of_each_scheme_and_refuses_others_naming_the_setting) {
  EXPECT_EQ(queue_backend_of("local://"), queue_backend::in_process);
  EXPECT_EQ(queue_backend_of("amqp://guest:guest@127.0.0.1:5672/%2f"), queue_backend::rabbitmq);
  try {
    queue_backend_of("kafka://somewhere");
    FAIL() << "accepted";
  } catch (const std::invalid_argument& error) {
    EXPECT_EQ(std::string(error.what()).rfind("queue.url:", 0), 0u) << error.what();
  }
}

}  // namespace
}  // namespace pricewatch::queue
