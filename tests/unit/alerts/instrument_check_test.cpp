// Tests instrument_check and the lists it reads: a symbol its exchange's list holds is accepted,
// any while the list is unknown; one missing from a fresh list is refused at once; one missing
// from a list older than the refresh interval, or whose last refresh failed, is asked about once
// more (the list read again, at most once a minute per exchange) before it is refused. The clock
// is manual and the list source a function: no thread waits (a read that never ends is given no
// patience).
#include "alerts/instrument_check.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace pricewatch {
namespace {

using namespace std::chrono_literals;

class instrument_check_test : public testing::Test {
 protected:
  manual_monotonic_clock clock;
  instrument_lists lists;
  std::vector<exchange_id> reads;                      // each read of a list, in order
  std::map<exchange_id, std::set<std::string>> served;  // what a read finds; none: the read fails
  bool reads_end = true;                                 // false: a read that never ends
  instrument_check check{lists, clock, [this](exchange_id exchange, std::function<void()> done) {
                           reads.push_back(exchange);
                           if (!reads_end) return;
                           const auto found = served.find(exchange);
                           if (found != served.end()) lists.replace(exchange, found->second, clock.now());
                           else lists.failed(exchange);
                           done();
                         },
                         instrument_check_settings{1h, 1min, 0ms}};

  listing find(exchange_id exchange, const std::string& symbol) { return check.find(exchange, symbol); }
};

TEST_F(instrument_check_test, lists_say_unknown_until_loaded_then_whether_they_hold_a_symbol) {
  EXPECT_EQ(lists.find(exchange_id::kraken, "BTC/USD"), listing::unknown);
  EXPECT_FALSE(lists.age(exchange_id::kraken));
  lists.failed(exchange_id::kraken);  // nothing to keep: still unknown
  EXPECT_FALSE(lists.known(exchange_id::kraken));
  lists.replace(exchange_id::kraken, {"BTC/USD"}, clock.now());
  EXPECT_EQ(lists.find(exchange_id::kraken, "BTC/USD"), listing::listed);
  EXPECT_EQ(lists.find(exchange_id::kraken, "ETH/USD"), listing::not_listed);
  EXPECT_EQ(lists.find(exchange_id::coinbase, "BTC-USD"), listing::unknown) << "each exchange its own list";
  ASSERT_TRUE(lists.age(exchange_id::kraken));
  EXPECT_FALSE(lists.age(exchange_id::kraken)->failing);
  lists.failed(exchange_id::kraken);
  EXPECT_TRUE(lists.age(exchange_id::kraken)->failing);
  EXPECT_EQ(lists.find(exchange_id::kraken, "BTC/USD"), listing::listed) << "kept when a refresh fails";
}

TEST_F(instrument_check_test, listed_and_unknown_are_accepted_without_asking) {
  EXPECT_EQ(find(exchange_id::kraken, "BTC/USD"), listing::unknown);
  lists.replace(exchange_id::kraken, {"BTC/USD"}, clock.now());
  clock.advance(2h);
  EXPECT_EQ(find(exchange_id::kraken, "BTC/USD"), listing::listed);
  EXPECT_TRUE(reads.empty());
}

TEST_F(instrument_check_test, a_symbol_missing_from_a_fresh_list_is_refused_at_once) {
  lists.replace(exchange_id::kraken, {"BTC/USD"}, clock.now());
  clock.advance(59min);
  EXPECT_EQ(find(exchange_id::kraken, "NOPE/USD"), listing::not_listed);
  EXPECT_TRUE(reads.empty());
}

TEST_F(instrument_check_test, a_list_older_than_the_refresh_interval_is_read_again_before_refusing) {
  lists.replace(exchange_id::kraken, {"BTC/USD"}, clock.now());
  served[exchange_id::kraken] = {"BTC/USD", "NEW/USD"};
  clock.advance(1h);
  EXPECT_EQ(find(exchange_id::kraken, "NEW/USD"), listing::listed);
  EXPECT_EQ(reads, std::vector{exchange_id::kraken});
  // Fresh again: a symbol still missing is refused without another read.
  EXPECT_EQ(find(exchange_id::kraken, "NOPE/USD"), listing::not_listed);
  EXPECT_EQ(reads.size(), 1u);
}

TEST_F(instrument_check_test, a_list_whose_refresh_failed_is_read_again_however_young) {
  lists.replace(exchange_id::coinbase, {"BTC-USD"}, clock.now());
  lists.failed(exchange_id::coinbase);
  served[exchange_id::coinbase] = {"BTC-USD", "NEW-USD"};
  EXPECT_EQ(find(exchange_id::coinbase, "NEW-USD"), listing::listed);
  EXPECT_EQ(reads, std::vector{exchange_id::coinbase});
}

TEST_F(instrument_check_test, reads_for_missing_symbols_come_at_most_once_a_minute_per_exchange) {
  lists.replace(exchange_id::kraken, {"BTC/USD"}, clock.now());
  lists.replace(exchange_id::coinbase, {"BTC-USD"}, clock.now());
  clock.advance(2h);
  // No list served: each read fails, and the list known is kept.
  EXPECT_EQ(find(exchange_id::kraken, "NOPE/USD"), listing::not_listed);
  EXPECT_EQ(find(exchange_id::kraken, "NOPE/USD"), listing::not_listed);
  EXPECT_EQ(find(exchange_id::kraken, "OTHER/USD"), listing::not_listed);
  EXPECT_EQ(reads, std::vector{exchange_id::kraken}) << "one read for the minute, whatever is typed";
  EXPECT_EQ(find(exchange_id::coinbase, "NOPE-USD"), listing::not_listed);
  EXPECT_EQ(reads, (std::vector{exchange_id::kraken, exchange_id::coinbase})) << "each exchange its own minute";
  clock.advance(59s);
  EXPECT_EQ(find(exchange_id::kraken, "NOPE/USD"), listing::not_listed);
  EXPECT_EQ(reads.size(), 2u);
  clock.advance(1s);
  served[exchange_id::kraken] = {"BTC/USD", "NOPE/USD"};
  EXPECT_EQ(find(exchange_id::kraken, "NOPE/USD"), listing::listed);
  EXPECT_EQ(reads.size(), 3u);
  EXPECT_EQ(find(exchange_id::kraken, "BTC/USD"), listing::listed) << "the list read kept the others";
}

TEST_F(instrument_check_test, a_read_that_does_not_end_in_time_leaves_the_list_as_it_was) {
  lists.replace(exchange_id::kraken, {"BTC/USD"}, clock.now());
  clock.advance(1h);
  reads_end = false;
  EXPECT_EQ(find(exchange_id::kraken, "NEW/USD"), listing::not_listed);
  EXPECT_EQ(reads.size(), 1u);
}

}  // namespace
}  // namespace pricewatch
