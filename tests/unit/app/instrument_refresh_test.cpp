// Tests the instrument lists' refresh: each exchange's list read at start and every period, on
// its own; a failure (an empty list too) retried with a backoff from a minute, the list known kept
// and marked failing; reload() reading a list at once and telling its caller after the lists
// changed; stop() telling every caller still waiting. Time moves only when the test says (manual
// timers and clocks), on an io_context run on the test thread; the exchanges are scripted.
#include "app/instrument_refresh.hpp"

#include "alerts/instrument_lists.hpp"
#include "core/clock.hpp"
#include "feed/instrument_query.hpp"
#include "manual_timers.hpp"

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <set>
#include <string>

namespace pricewatch {
namespace {

using namespace std::chrono_literals;
using symbol_set = std::set<std::string>;

// One exchange's answers, in order; once they run out, it cannot be reached.
struct script {
  std::deque<result<symbol_set>> answers;
  int asked = 0;
};

class scripted_query final : public instrument_query {
 public:
  explicit scripted_query(script& played) : played_(played) {}
  boost::asio::awaitable<result<symbol_set>> symbols() override {
    ++played_.asked;
    if (played_.answers.empty()) co_return make_failure(errc::backend_unavailable, "unreachable");
    auto answer = std::move(played_.answers.front());
    played_.answers.pop_front();
    co_return answer;
  }

 private:
  script& played_;
};

class instrument_refresh_test : public testing::Test {
 protected:
  boost::asio::io_context io;
  manual_clock wall{time_point(std::chrono::seconds(1'790'000'000))};
  manual_monotonic_clock monotonic;
  test_support::manual_timers timers{wall};
  instrument_lists lists;
  std::map<exchange_id, script> exchanges{{exchange_id::kraken, {}}, {exchange_id::coinbase, {}}};
  std::unique_ptr<instrument_refresh> refresh;

  void SetUp() override {
    std::map<exchange_id, std::unique_ptr<instrument_query>> queries;
    for (auto& [exchange, played] : exchanges) queries[exchange] = std::make_unique<scripted_query>(played);
    refresh = std::make_unique<instrument_refresh>(io.get_executor(), lists, std::move(queries), timers, monotonic);
  }
  void TearDown() override {
    refresh->stop();
    run();
  }

  void run() {
    io.restart();
    io.poll();
  }
  void pass(std::chrono::milliseconds by) {
    monotonic.advance(by);
    timers.advance(by);
    run();
  }
  void answer(exchange_id exchange, result<symbol_set> answer) { exchanges.at(exchange).answers.push_back(std::move(answer)); }
  int asked(exchange_id exchange) { return exchanges.at(exchange).asked; }
};

TEST_F(instrument_refresh_test, each_list_is_read_at_start_and_every_hour) {
  answer(exchange_id::kraken, symbol_set{"BTC/USD"});
  answer(exchange_id::coinbase, symbol_set{"BTC-USD"});
  answer(exchange_id::kraken, symbol_set{"BTC/USD", "ETH/USD"});
  refresh->start();
  run();
  EXPECT_EQ(asked(exchange_id::kraken), 1);
  EXPECT_EQ(asked(exchange_id::coinbase), 1);
  EXPECT_EQ(lists.find(exchange_id::kraken, "BTC/USD"), listing::listed);
  EXPECT_EQ(lists.find(exchange_id::coinbase, "BTC-USD"), listing::listed);
  EXPECT_EQ(lists.age(exchange_id::kraken)->loaded_at, monotonic.now());
  EXPECT_EQ(timers.waiting(), 2u);

  pass(59min);
  EXPECT_EQ(asked(exchange_id::kraken), 1);
  pass(1min);
  EXPECT_EQ(asked(exchange_id::kraken), 2);
  EXPECT_EQ(lists.find(exchange_id::kraken, "ETH/USD"), listing::listed);
  EXPECT_EQ(lists.age(exchange_id::kraken)->loaded_at, monotonic.now());
  // Coinbase's second answer is a failure: its list is kept, marked failing.
  EXPECT_EQ(asked(exchange_id::coinbase), 2);
  EXPECT_EQ(lists.find(exchange_id::coinbase, "BTC-USD"), listing::listed);
  EXPECT_TRUE(lists.age(exchange_id::coinbase)->failing);
  EXPECT_FALSE(lists.age(exchange_id::kraken)->failing);
}

TEST_F(instrument_refresh_test, a_failure_or_an_empty_list_is_retried_from_a_minute_doubling) {
  answer(exchange_id::kraken, symbol_set{});  // a host that lists nothing: as good as no answer
  refresh->start();
  run();
  EXPECT_EQ(lists.find(exchange_id::kraken, "BTC/USD"), listing::unknown);
  pass(59s);
  EXPECT_EQ(asked(exchange_id::kraken), 1);
  pass(1s);
  EXPECT_EQ(asked(exchange_id::kraken), 2);  // unreachable now
  pass(119s);
  EXPECT_EQ(asked(exchange_id::kraken), 2);
  answer(exchange_id::kraken, symbol_set{"BTC/USD"});
  pass(1s);
  EXPECT_EQ(asked(exchange_id::kraken), 3);
  EXPECT_EQ(lists.find(exchange_id::kraken, "BTC/USD"), listing::listed);
  pass(59min);
  EXPECT_EQ(asked(exchange_id::kraken), 3) << "a success starts the hour over";
}

TEST_F(instrument_refresh_test, reload_reads_a_list_now_and_tells_its_caller_once_the_lists_changed) {
  answer(exchange_id::kraken, symbol_set{"BTC/USD"});
  answer(exchange_id::coinbase, symbol_set{"BTC-USD"});
  refresh->start();
  run();
  pass(10min);
  answer(exchange_id::kraken, symbol_set{"BTC/USD", "NEW/USD"});
  listing seen = listing::unknown;
  int told = 0;
  refresh->reload(exchange_id::kraken, [&] {
    ++told;
    seen = lists.find(exchange_id::kraken, "NEW/USD");
  });
  run();
  EXPECT_EQ(asked(exchange_id::kraken), 2);
  EXPECT_EQ(told, 1);
  EXPECT_EQ(seen, listing::listed);
  EXPECT_EQ(asked(exchange_id::coinbase), 1) << "the other exchange is not asked";
  // The hour starts over from the read.
  pass(59min);
  EXPECT_EQ(asked(exchange_id::kraken), 2);
  pass(1min);
  EXPECT_EQ(asked(exchange_id::kraken), 3);
  EXPECT_EQ(told, 1);

  // A read that fails tells its caller too (the list kept, failing).
  int failed_told = 0;
  refresh->reload(exchange_id::kraken, [&] { ++failed_told; });
  run();
  EXPECT_EQ(failed_told, 1);
  EXPECT_TRUE(lists.age(exchange_id::kraken)->failing);
}

TEST_F(instrument_refresh_test, reload_of_an_exchange_not_refreshed_here_or_after_stop_tells_at_once) {
  refresh->start();
  run();
  int told = 0;
  refresh->reload(exchange_id::binance, [&] { ++told; });
  run();
  EXPECT_EQ(told, 1);
  refresh->stop();
  refresh->reload(exchange_id::kraken, [&] { ++told; });
  run();
  EXPECT_EQ(told, 2);
  EXPECT_EQ(timers.waiting(), 0u);
  EXPECT_EQ(asked(exchange_id::kraken), 1);
}

}  // namespace
}  // namespace pricewatch
