// Tests the price route's way to the exchange's tickers with an exchange that answers at once or
// not at all (no thread, no wait: patience is 0): kept answers, one ask for every caller, a
// bounded wait, and an ask that outlasts its caller filling the cache for the next.
#include "feed/ticker_quotes.hpp"

#include <gtest/gtest.h>

#include <map>
#include <vector>

namespace pricewatch {
namespace {

using namespace std::chrono_literals;

daily_ticker ticker(std::string symbol, std::string_view value) {
  return daily_ticker{std::move(symbol), *price::parse(value), "-1.25", {}};
}

class ticker_quotes_test : public ::testing::Test {
 protected:
  // Answers every ask at once from `answers`, or keeps it in `held` while `hold` is set.
  void ask(const std::string& symbol, ticker_quotes::answer_handler done) {
    asked.push_back(symbol);
    if (hold) {
      held.push_back([this, symbol, done = std::move(done)] { done(answers.at(symbol)); });
      return;
    }
    done(answers.at(symbol));
  }

  std::map<std::string, result<daily_ticker>> answers;
  std::vector<std::string> asked;
  bool hold = false;
  std::vector<std::function<void()>> held;
  manual_monotonic_clock clock;
  ticker_quotes quotes{[this](const std::string& symbol, ticker_quotes::answer_handler done) { ask(symbol, std::move(done)); },
                       clock, ticker_limits{}, 0ms, 1};
};

TEST_F(ticker_quotes_test, asks_once_and_answers_from_what_it_kept_meanwhile) {
  answers.emplace("BTCUSDT", ticker("BTCUSDT", "51000.5"));
  EXPECT_FALSE(quotes.kept("BTCUSDT", 5s)) << "nothing kept before the first ask";
  auto answer = quotes.get("BTCUSDT", 5s);
  ASSERT_TRUE(answer) << answer.error().message;
  EXPECT_EQ(answer->last_price, *price::parse("51000.5"));
  answers.at("BTCUSDT") = ticker("BTCUSDT", "52000");
  clock.advance(4s);
  EXPECT_EQ(quotes.get("BTCUSDT", 5s)->last_price, *price::parse("51000.5")) << "kept";
  ASSERT_TRUE(quotes.kept("BTCUSDT", 5s));
  EXPECT_EQ(asked.size(), 1u);
  clock.advance(2s);
  EXPECT_FALSE(quotes.kept("BTCUSDT", 5s));
  EXPECT_EQ(quotes.get("BTCUSDT", 5s)->last_price, *price::parse("52000")) << "asked again";
  EXPECT_EQ(asked.size(), 2u);
}

TEST_F(ticker_quotes_test, reports_what_the_exchange_said) {
  answers.emplace("NOSUCHUSDT", make_failure(errc::not_found, "The exchange does not list NOSUCHUSDT."));
  answers.emplace("BTCUSDT", failure{errc::rate_limited, "The exchange asks for fewer requests; try again later.", 9});
  auto answer = quotes.get("NOSUCHUSDT", 5s);
  ASSERT_FALSE(answer);
  EXPECT_EQ(answer.error().code, errc::not_found);
  EXPECT_EQ(answer.error().message, "The exchange does not list NOSUCHUSDT.");
  EXPECT_EQ(quotes.get("NOSUCHUSDT", 5s).error().code, errc::not_found);
  EXPECT_EQ(asked.size(), 1u) << "no such symbol is kept";

  answer = quotes.get("BTCUSDT", 5s);
  ASSERT_FALSE(answer);
  EXPECT_EQ(answer.error().code, errc::rate_limited);
  EXPECT_EQ(answer.error().retry_after_seconds, 9);
  answers.emplace("ETHUSDT", ticker("ETHUSDT", "3000"));
  answer = quotes.get("ETHUSDT", 5s);
  ASSERT_FALSE(answer) << "nothing is asked while the exchange said to slow down";
  EXPECT_EQ(answer.error().code, errc::rate_limited);
  EXPECT_EQ(answer.error().retry_after_seconds, 9);
  EXPECT_EQ(asked.size(), 2u);
  clock.advance(9s);
  EXPECT_TRUE(quotes.get("ETHUSDT", 5s));
}

TEST_F(ticker_quotes_test, too_many_symbols_in_a_second_are_refused_with_a_retry_after) {
  for (int i = 0; i < 6; ++i) {
    const std::string symbol = "COIN" + std::to_string(i) + "USDT";
    answers.emplace(symbol, ticker(symbol, "1"));
  }
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(quotes.get("COIN" + std::to_string(i) + "USDT", 5s)) << i;
  const auto refused = quotes.get("COIN5USDT", 5s);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, errc::rate_limited);
  EXPECT_EQ(refused.error().retry_after_seconds, 1);
  EXPECT_TRUE(quotes.get("COIN0USDT", 5s)) << "a kept answer is no ask";
  clock.advance(1s);
  EXPECT_TRUE(quotes.get("COIN5USDT", 5s));
}

TEST_F(ticker_quotes_test, an_answer_that_comes_too_late_is_kept_for_the_next_caller) {
  answers.emplace("BTCUSDT", ticker("BTCUSDT", "51000.5"));
  hold = true;
  auto answer = quotes.get("BTCUSDT", 5s);
  ASSERT_FALSE(answer);
  EXPECT_EQ(answer.error().code, errc::backend_unavailable);
  answer = quotes.get("BTCUSDT", 5s);
  ASSERT_FALSE(answer) << "still under way";
  EXPECT_EQ(asked.size(), 1u) << "the second caller waited for the same ask";
  ASSERT_EQ(held.size(), 1u);
  held.front()();
  EXPECT_TRUE(quotes.kept("BTCUSDT", 5s));
  EXPECT_EQ(quotes.get("BTCUSDT", 5s)->last_price, *price::parse("51000.5"));
  EXPECT_EQ(asked.size(), 1u);
}

TEST_F(ticker_quotes_test, an_ask_that_cannot_start_is_an_unreachable_exchange_not_a_stuck_symbol) {
  ticker_quotes failing{[](const std::string&, ticker_quotes::answer_handler) { throw std::runtime_error("no memory"); },
                        clock, ticker_limits{}, 0ms, 1};
  EXPECT_EQ(failing.get("BTCUSDT", 5s).error().code, errc::backend_unavailable);
  clock.advance(3s);
  EXPECT_EQ(failing.get("BTCUSDT", 5s).error().code, errc::backend_unavailable) << "asked again, not waiting";
}

TEST_F(ticker_quotes_test, callers_beyond_max_waiting_are_told_to_retry_while_the_ask_goes_on) {
  answers.emplace("BTCUSDT", ticker("BTCUSDT", "51000.5"));
  hold = true;
  ticker_quotes impatient{[this](const std::string& symbol, ticker_quotes::answer_handler done) { ask(symbol, std::move(done)); },
                          clock, ticker_limits{}, 0ms, 0};
  const auto answer = impatient.get("BTCUSDT", 5s);
  ASSERT_FALSE(answer);
  EXPECT_EQ(answer.error().code, errc::rate_limited);
  EXPECT_EQ(answer.error().retry_after_seconds, 1);
  EXPECT_EQ(asked.size(), 1u) << "asked all the same";
  held.front()();
  EXPECT_TRUE(impatient.get("BTCUSDT", 5s)) << "kept for the retry";
}

TEST(waiting_limit, is_half_the_pool_and_at_least_one) {
  EXPECT_EQ(waiting_limit(1), 1u);
  EXPECT_EQ(waiting_limit(4), 2u);
  EXPECT_EQ(waiting_limit(9), 4u);
}

}  // namespace
}  // namespace pricewatch
