// Tests what the price route keeps of the exchange's 24-hour tickers and when it may ask again:
// answers kept for their time, one ask per symbol at a time, asks per second limited, the
// exchange's "slow down" obeyed, and a bounded number of entries.
#include "feed/ticker_cache.hpp"

#include <gtest/gtest.h>

namespace pricewatch {
namespace {

using namespace std::chrono_literals;
using decision = ticker_cache::decision;

const ticker_cache::moment start{std::chrono::hours(1)};

daily_ticker ticker(std::string symbol) { return daily_ticker{std::move(symbol), *price::parse("51000.5"), "2.5", {}}; }

// Asks about symbol at `at` and finishes with answer.
void answer(ticker_cache& cache, const std::string& symbol, result<daily_ticker> outcome, ticker_cache::moment at) {
  ASSERT_EQ(cache.begin(symbol, at).verdict, decision::ask) << symbol;
  cache.finish(symbol, std::move(outcome), at);
}

TEST(ticker_cache, knows_nothing_at_first) {
  const ticker_cache cache;
  EXPECT_FALSE(cache.find("BTCUSDT", 5s, start));
  EXPECT_FALSE(cache.latest("BTCUSDT"));
}

TEST(ticker_cache, a_ticker_answers_for_as_long_as_the_caller_allows_at_most_a_minute) {
  ticker_cache cache;
  answer(cache, "BTCUSDT", ticker("BTCUSDT"), start);
  ASSERT_TRUE(cache.find("BTCUSDT", 5s, start + 5s));
  EXPECT_EQ(cache.find("BTCUSDT", 5s, start + 5s)->value().change_percent, "2.5");
  EXPECT_FALSE(cache.find("BTCUSDT", 5s, start + 5001ms)) << "too old for a price";
  EXPECT_TRUE(cache.find("BTCUSDT", 60s, start + 59s)) << "young enough for a change";
  EXPECT_FALSE(cache.find("BTCUSDT", 3600s, start + 61s)) << "nothing is kept beyond a minute";
  EXPECT_FALSE(cache.find("ETHUSDT", 5s, start));
}

TEST(ticker_cache, no_such_symbol_is_kept_a_minute_and_an_unreachable_exchange_two_seconds) {
  ticker_cache cache;
  answer(cache, "NOSUCHUSDT", make_failure(errc::not_found, "The exchange does not list NOSUCHUSDT."), start);
  answer(cache, "BTCUSDT", make_failure(errc::backend_unavailable, "The exchange cannot be reached."), start);
  ASSERT_TRUE(cache.find("NOSUCHUSDT", 5s, start + 59s));
  EXPECT_EQ(cache.find("NOSUCHUSDT", 5s, start + 59s)->error().code, errc::not_found);
  EXPECT_FALSE(cache.find("NOSUCHUSDT", 5s, start + 61s));
  ASSERT_TRUE(cache.find("BTCUSDT", 5s, start + 2s));
  EXPECT_EQ(cache.find("BTCUSDT", 5s, start + 2s)->error().code, errc::backend_unavailable);
  EXPECT_FALSE(cache.find("BTCUSDT", 5s, start + 2001ms));
}

TEST(ticker_cache, one_ask_per_symbol_at_a_time_the_others_wait) {
  ticker_cache cache;
  EXPECT_EQ(cache.begin("BTCUSDT", start).verdict, decision::ask);
  EXPECT_EQ(cache.begin("BTCUSDT", start).verdict, decision::wait);
  EXPECT_EQ(cache.begin("BTCUSDT", start + 10s).verdict, decision::wait) << "until it is finished";
  EXPECT_FALSE(cache.latest("BTCUSDT")) << "nothing while it is under way";
  EXPECT_EQ(cache.begin("ETHUSDT", start).verdict, decision::ask);
  cache.finish("BTCUSDT", ticker("BTCUSDT"), start + 10s);
  EXPECT_TRUE(cache.find("BTCUSDT", 5s, start + 10s));
  EXPECT_TRUE(cache.latest("BTCUSDT"));
  EXPECT_EQ(cache.begin("BTCUSDT", start + 16s).verdict, decision::ask) << "asked again once too old";
}

TEST(ticker_cache, at_most_five_asks_start_in_any_second) {
  ticker_cache cache;
  for (int i = 0; i < 5; ++i) answer(cache, "COIN" + std::to_string(i) + "USDT", ticker("X"), start + i * 100ms);
  const auto refused = cache.begin("SIXTHUSDT", start + 999ms);
  EXPECT_EQ(refused.verdict, decision::refuse);
  EXPECT_EQ(refused.retry_after, 1s);
  EXPECT_EQ(cache.begin("SIXTHUSDT", start + 1000ms).verdict, decision::ask) << "the first ask is a second old";
  EXPECT_EQ(cache.begin("SEVENTHUSDT", start + 1050ms).verdict, decision::refuse);
  EXPECT_EQ(cache.begin("SEVENTHUSDT", start + 1100ms).verdict, decision::ask);
}

TEST(ticker_cache, the_limit_is_configurable) {
  ticker_limits limits;
  limits.asks_per_second = 1;
  ticker_cache cache(limits);
  EXPECT_EQ(cache.begin("BTCUSDT", start).verdict, decision::ask);
  EXPECT_EQ(cache.begin("ETHUSDT", start + 500ms).verdict, decision::refuse);
}

TEST(ticker_cache, the_exchanges_slow_down_stops_every_ask_for_its_time) {
  ticker_cache cache;
  failure slow_down{errc::rate_limited, "The exchange asks for fewer requests; try again later.", 30};
  answer(cache, "BTCUSDT", slow_down, start);
  EXPECT_FALSE(cache.find("BTCUSDT", 5s, start)) << "a rate limit is no answer to keep";
  ASSERT_TRUE(cache.latest("BTCUSDT"));
  EXPECT_EQ(cache.latest("BTCUSDT")->error().code, errc::rate_limited);
  const auto refused = cache.begin("ETHUSDT", start + 10500ms);
  EXPECT_EQ(refused.verdict, decision::refuse);
  EXPECT_EQ(refused.retry_after, 20s);
  EXPECT_EQ(cache.begin("ETHUSDT", start + 30s).verdict, decision::ask);
}

TEST(ticker_cache, old_entries_go_and_there_are_never_more_than_max_entries) {
  ticker_limits limits;
  limits.asks_per_second = 1000;
  limits.max_entries = 3;
  ticker_cache cache(limits);
  answer(cache, "AAAUSDT", ticker("AAAUSDT"), start);
  answer(cache, "BBBUSDT", ticker("BBBUSDT"), start + 1s);
  answer(cache, "CCCUSDT", ticker("CCCUSDT"), start + 2s);
  answer(cache, "DDDUSDT", ticker("DDDUSDT"), start + 3s);
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_FALSE(cache.latest("AAAUSDT")) << "the oldest went";
  EXPECT_TRUE(cache.latest("DDDUSDT"));
  answer(cache, "EEEUSDT", ticker("EEEUSDT"), start + 63s);
  EXPECT_EQ(cache.size(), 2u) << "older than a minute: gone";
  EXPECT_FALSE(cache.latest("BBBUSDT"));
  EXPECT_FALSE(cache.latest("CCCUSDT"));
  EXPECT_TRUE(cache.latest("DDDUSDT")) << "a minute old: still kept";
}

}  // namespace
}  // namespace pricewatch
