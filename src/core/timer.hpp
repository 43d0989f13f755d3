// Waiting as a dependency, like wall_clock for reading the time: production waits on Asio's
// steady timers (steady_timers), unit tests on timers that move only when the test advances them
// (tests/support/manual_timers.hpp), so a retry or a period is tested with no sleep.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <memory>

namespace pricewatch {

// One wait at a time. Used on the executor it was made with.
class timer {
 public:
  virtual ~timer() = default;
  // True once delay has passed; false when cancel() ended the wait first.
  virtual boost::asio::awaitable<bool> wait(std::chrono::milliseconds delay) = 0;
  // Ends the wait in progress, if any, at once.
  virtual void cancel() = 0;
};

class timer_factory {
 public:
  virtual ~timer_factory() = default;
  virtual std::unique_ptr<timer> make_timer(boost::asio::any_io_executor executor) = 0;
};

// Asio's steady_timer behind the interface. Stateless: one may serve any number of users.
class steady_timers final : public timer_factory {
 public:
  std::unique_ptr<timer> make_timer(boost::asio::any_io_executor executor) override;
};

}  // namespace pricewatch
