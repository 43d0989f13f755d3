// Tests who follows what in a process: the subscribers the composition root gives the event bus
// (cache, streams, price mirror, watcher engine) and the watcher's publishing hooks, wired through
// the real in-process bus, the memory cache, the event hub and the price board.
#include "app/alert_reactions.hpp"

#include "cache/memory/memory_cache.hpp"
#include "events/event_hub.hpp"
#include "queue/in_process/in_process_event_bus.hpp"
#include "watch/price_boards.hpp"

#include "alerts/recording_listener.hpp"

#include <gtest/gtest.h>

namespace pricewatch {
namespace {

alert owned_by(std::int64_t user_id, std::int64_t id = 1) {
  alert made;
  made.id = id;
  made.user_id = user_id;
  made.symbol = "BTCUSDT";
  made.target = *price::parse("51000");
  return made;
}

class alert_reactions_test : public ::testing::Test {
 protected:
  manual_clock clock_{time_point(std::chrono::seconds(1'790'000'000))};
  memory_cache cache_{cache_config{}, clock_};
  queue::in_process_event_bus bus_;
};

TEST_F(alert_reactions_test, the_cache_drops_the_owners_responses_on_every_change_but_a_firing_here) {
  bus_.subscribe(cache_reactions(cache_));
  const auto cached = [&](std::int64_t user) { return cache_.get(user, "list").has_value(); };
  for (const auto kind : {alert_event_kind::created, alert_event_kind::deleted}) {
    cache_.put(1, "list", "body");
    cache_.put(2, "list", "body");
    bus_.publish(alert_event{kind, owned_by(1)});
    EXPECT_FALSE(cached(1));
    EXPECT_TRUE(cached(2)) << "another user's responses stay";
  }
  cache_.put(1, "list", "body");
  bus_.publish(alert_event{alert_event_kind::fired, owned_by(1)});
  EXPECT_TRUE(cached(1)) << "the watcher drops them once per batch, off its strand";

  queue::subscriber reactions = cache_reactions(cache_);
  reactions.on_alert(alert_event{alert_event_kind::fired, owned_by(1)}, event_origin::elsewhere);
  EXPECT_FALSE(cached(1)) << "fired by another process's watcher";
}

TEST_F(alert_reactions_test, the_owners_streams_see_each_change_and_the_symbols_streams_each_price) {
  event_hub events;
  bus_.subscribe(stream_reactions(events));
  auto owner = events.subscribe(event_hub::user_topic(1));
  auto other = events.subscribe(event_hub::user_topic(2));
  auto prices = events.subscribe(event_hub::price_topic("BTCUSDT"));
  bus_.publish(alert_event{alert_event_kind::created, owned_by(1)});
  auto triggered = owned_by(1);
  triggered.status = alert_status::triggered;
  bus_.publish(alert_event{alert_event_kind::fired, triggered});
  bus_.publish_price(price_update{"BTCUSDT", *price::parse("51000.5"), clock_.now()});
  std::uint64_t dropped = 0;
  const auto seen = owner->take(dropped);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_NE(seen[0].data.find(R"("type":"created")"), std::string::npos) << seen[0].data;
  EXPECT_NE(seen[1].data.find(R"("type":"triggered")"), std::string::npos) << seen[1].data;
  EXPECT_TRUE(other->take(dropped).empty());
  const auto priced = prices->take(dropped);
  ASSERT_EQ(priced.size(), 1u);
  EXPECT_NE(priced[0].data.find("51000.5"), std::string::npos) << priced[0].data;
}

TEST_F(alert_reactions_test, the_price_mirror_fills_the_board_from_other_processes_prices) {
  price_boards boards;
  bus_.subscribe(price_mirror(boards, clock_));
  const auto& board = boards.of(exchange_id::binance);
  EXPECT_FALSE(board.live());
  const auto traded = clock_.now() - std::chrono::seconds(1);
  bus_.publish_price(price_update{"ETHUSDT", *price::parse("2500.25"), traded});
  bus_.publish_price(price_update{"BTC/USD", *price::parse("60000"), traded, exchange_id::kraken});
  EXPECT_TRUE(board.live());
  EXPECT_FALSE(board.find("BTC/USD")) << "each exchange's price on its own board";
  ASSERT_TRUE(boards.of(exchange_id::kraken).find("BTC/USD"));
  EXPECT_FALSE(boards.of(exchange_id::coinbase).live());
  const auto entry = board.find("ETHUSDT");
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->value.to_string(), "2500.25");
  EXPECT_EQ(entry->trade_time, traded);
  EXPECT_EQ(entry->received_at, clock_.now());
}

TEST_F(alert_reactions_test, the_engine_follows_changes_and_is_rebuilt_when_events_were_missed) {
  recording_listener engine;
  int rebuilt = 0;
  const auto reactions = engine_reactions(engine, [&] { ++rebuilt; });
  bus_.subscribe(reactions);
  bus_.publish(alert_event{alert_event_kind::created, owned_by(1, 5)});
  bus_.publish(alert_event{alert_event_kind::fired, owned_by(1, 5)});
  auto triggered_elsewhere = owned_by(1, 6);
  triggered_elsewhere.status = alert_status::triggered;
  reactions.on_alert(alert_event{alert_event_kind::fired, triggered_elsewhere}, event_origin::elsewhere);
  EXPECT_EQ(engine.calls, (std::vector<std::string>{"add 5", "drop 6"}));
  reactions.on_missed();
  EXPECT_EQ(rebuilt, 1);
}

TEST_F(alert_reactions_test, the_watcher_publishes_prices_and_firings_and_wakes_the_delivery) {
  std::vector<std::string> heard;
  bus_.subscribe(queue::subscriber{
      [&](const alert_event& event, event_origin) {
        heard.push_back("fired " + std::to_string(event.changed.id) + " " + std::string(to_string(event.changed.status)));
      },
      [&](const price_update& update, event_origin) {
        heard.push_back("price " + std::string(exchange_name(update.exchange)) + " " + update.symbol + " " +
                        update.value.to_string());
      },
      nullptr});
  int woken = 0;
  const auto hooks = publishing_hooks(bus_, [&] { ++woken; });
  hooks.on_price(exchange_id::kraken, "BTC/USD", *price::parse("51000"), clock_.now());
  fired_record first;
  first.alert_id = 3;
  fired_record second;
  second.alert_id = 4;
  hooks.on_fired({first, second});
  EXPECT_EQ(woken, 1) << "once per batch";
  EXPECT_EQ(heard, (std::vector<std::string>{"price kraken BTC/USD 51000", "fired 3 triggered", "fired 4 triggered"}));
}

}  // namespace
}  // namespace pricewatch
