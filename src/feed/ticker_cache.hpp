// What the price route was told by the exchange's 24-hour ticker, kept briefly, and when it may
// ask again: so that a user typing symbols cannot make the service hammer the exchange. Answers
// are kept a few seconds (a price), a minute (a 24-hour change; "no such symbol") or two seconds
// (the exchange could not be reached); at most asks_per_second asks start in any second, and
// none while the exchange has asked us to slow down. Pure: times are given, nothing waits.
// Not thread-safe: ticker_quotes guards it.
#pragma once

#include "core/clock.hpp"
#include "core/failure.hpp"
#include "feed/daily_ticker.hpp"

#include <chrono>
#include <cstddef>
#include <deque>
#include <map>
#include <optional>
#include <string>

namespace pricewatch {

struct ticker_limits {
  std::chrono::seconds unknown_kept{60};  // "the exchange does not list it"
  std::chrono::seconds failure_kept{2};   // "cannot reach the exchange", "unreadable"
  std::chrono::seconds longest_kept{60};  // nothing is kept longer, whatever it is asked with
  std::size_t asks_per_second = 5;
  std::size_t max_entries = 2000;  // far above what asks_per_second lets in within longest_kept
};

class ticker_cache {
 public:
  using moment = monotonic_clock::time_point;

  explicit ticker_cache(ticker_limits limits = {}) : limits_(limits) {}

  // The kept answer about symbol: a ticker no older than max_age (at most longest_kept), or a
  // failure still kept; nullopt when there is none (ask, or wait for the ask under way).
  std::optional<result<daily_ticker>> find(const std::string& symbol, std::chrono::milliseconds max_age,
                                           moment now) const;

  // The last answer about symbol whatever its age, when no ask about it is under way: what an
  // ask's own caller reports, even when that answer is not to be kept (a rate limit).
  std::optional<result<daily_ticker>> latest(const std::string& symbol) const;

  enum class decision {
    ask,    // ask the exchange now, then call finish
    wait,   // an ask about this symbol is under way: wait for its finish
    refuse, // too many asks this second, or the exchange said to slow down: see retry_after
  };
  struct permission {
    decision verdict;
    std::chrono::seconds retry_after{0};  // when refused
  };
  // Whether the exchange may be asked about symbol now; an ask counts from here.
  permission begin(const std::string& symbol, moment now);
  // The exchange's answer (or the failure to get one) to the ask begin allowed. rate_limited
  // answers stop every ask for its retry_after.
  void finish(const std::string& symbol, result<daily_ticker> answer, moment now);

  std::size_t size() const { return entries_.size(); }

 private:
  struct entry {
    std::optional<result<daily_ticker>> answer;  // none while the first ask is under way
    moment answered_at{};
    bool asking = false;
  };
  void forget_old(moment now);
  std::chrono::milliseconds kept_for(const result<daily_ticker>& answer) const;

  ticker_limits limits_;
  std::map<std::string, entry> entries_;
  std::deque<moment> asks_;  // when the asks of the last second began
  moment quiet_until_{};     // the exchange asked us to slow down until then
};

}  // namespace pricewatch
