// Keeps each exchange's instrument list (alerts/instrument_lists.hpp) current for the api role:
// asked at start, then hourly (DESIGN.md section 11); after a failure asked again with a backoff
// from a minute up to the hour, the list last known kept meanwhile and marked failing (an empty
// list counts as a failure). reload() asks an exchange again at once, for instrument_check: a
// symbol missing from a list that may be out of date. All of its work runs on the executor it
// was given; start, stop and reload may be called from any thread.
#pragma once

#include "core/exchange.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <memory>

namespace pricewatch {

class instrument_lists;
class instrument_query;
class monotonic_clock;
class timer_factory;

struct instrument_refresh_settings {
  std::chrono::milliseconds period{std::chrono::hours(1)};
  std::chrono::milliseconds first_retry{std::chrono::minutes(1)};
};

class instrument_refresh {
 public:
  // clock stamps each list loaded (instrument_lists::replace), for its age.
  instrument_refresh(boost::asio::any_io_executor executor, instrument_lists& lists,
                     std::map<exchange_id, std::unique_ptr<instrument_query>> queries, timer_factory& timers,
                     const monotonic_clock& clock, instrument_refresh_settings settings = {});
  ~instrument_refresh();
  instrument_refresh(const instrument_refresh&) = delete;
  instrument_refresh& operator=(const instrument_refresh&) = delete;

  void start();
  void stop();

  // Reads the exchange's list now (or lets the read under way count) instead of when it is due,
  // then calls done, on the executor: after the lists were replaced or marked failing, or at
  // once when the exchange is not refreshed here or the refresh is stopping. The period (or the
  // backoff) starts over from this read.
  void reload(exchange_id exchange, std::function<void()> done);

 private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

}  // namespace pricewatch
