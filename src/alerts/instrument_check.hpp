// Whether an exchange lists a symbol, for alert_service (DESIGN.md section 11): the list this
// process holds (instrument_lists) answers, except that a symbol missing from a list that may be
// out of date (older than the refresh interval, or whose last refresh failed) is asked about once
// more: the exchange's list is read again now, at most once a minute per exchange, and the
// request waits a few seconds for it before the symbol is refused. A list never loaded answers
// `unknown` (any well-formed symbol is accepted). Shared by all request threads.
#pragma once

#include "alerts/instrument_lists.hpp"
#include "core/clock.hpp"
#include "core/exchange.hpp"

#include <array>
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

namespace pricewatch {

struct instrument_check_settings {
  // A list older than this may lack a symbol listed since: a coin listed minutes ago is accepted
  // without waiting for the hourly refresh (app/instrument_refresh.hpp); min_interval bounds
  // what misspelt symbols cost the exchange.
  std::chrono::milliseconds stale_after{std::chrono::minutes(1)};
  // At most one read of an exchange's list for a missing symbol this often, whatever is typed.
  std::chrono::milliseconds min_interval{std::chrono::minutes(1)};
  // How long a request waits for that read (the route itself has 8 s, route_options::deadline).
  std::chrono::milliseconds patience{std::chrono::seconds(5)};
};

class instrument_check {
 public:
  // Starts reading the exchange's list again now; calls done exactly once when that read ended
  // (lists replaced, or marked failing), from any thread, possibly before it returns.
  using reload_function = std::function<void(exchange_id exchange, std::function<void()> done)>;

  instrument_check(instrument_lists& lists, const monotonic_clock& clock, reload_function reload,
                   instrument_check_settings settings = {});

  // listed or unknown: accept; not_listed: refuse. May block up to settings.patience (call it
  // from the blocking pool) when the symbol is missing from a list that may be out of date.
  listing find(exchange_id exchange, const std::string& symbol);

 private:
  bool may_be_out_of_date(exchange_id exchange) const;
  void reload_and_wait(exchange_id exchange);

  struct exchange_asks {
    std::mutex mutex;  // held through a read: the requests that miss meanwhile wait for its outcome
    std::optional<monotonic_clock::time_point> last_read;
  };

  instrument_lists& lists_;
  const monotonic_clock& clock_;
  reload_function reload_;
  instrument_check_settings settings_;
  std::array<exchange_asks, exchange_count> asks_;
};

}  // namespace pricewatch
