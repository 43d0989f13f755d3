// Keeps each exchange's instrument list (alerts/instrument_lists.hpp) current for the api role:
// asked at start, then hourly (DESIGN.md section 11); after a failure asked again with a backoff
// from a minute up to the hour, the list last known kept meanwhile (an empty list counts as a
// failure). All of its work runs on the
// executor it was given; start and stop may be called from any thread.
#pragma once

#include "core/exchange.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <map>
#include <memory>

namespace pricewatch {

class instrument_lists;
class instrument_query;
class timer_factory;

struct instrument_refresh_settings {
  std::chrono::milliseconds period{std::chrono::hours(1)};
  std::chrono::milliseconds first_retry{std::chrono::minutes(1)};
};

class instrument_refresh {
 public:
  instrument_refresh(boost::asio::any_io_executor executor, instrument_lists& lists,
                     std::map<exchange_id, std::unique_ptr<instrument_query>> queries, timer_factory& timers,
                     instrument_refresh_settings settings = {});
  ~instrument_refresh();
  instrument_refresh(const instrument_refresh&) = delete;
  instrument_refresh& operator=(const instrument_refresh&) = delete;

  void start();
  void stop();

 private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

}  // namespace pricewatch
