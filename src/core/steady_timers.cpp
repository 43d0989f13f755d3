#include "core/timer.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace pricewatch {
namespace {

class steady_timer final : public timer {
 public:
  explicit steady_timer(boost::asio::any_io_executor executor) : timer_(std::move(executor)) {}

  boost::asio::awaitable<bool> wait(std::chrono::milliseconds delay) override {
    timer_.expires_after(delay);
    const auto [cancelled] = co_await timer_.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
    co_return !cancelled;
  }

  void cancel() override { timer_.cancel(); }

 private:
  boost::asio::steady_timer timer_;
};

}  // namespace

std::unique_ptr<timer> steady_timers::make_timer(boost::asio::any_io_executor executor) {
  return std::make_unique<steady_timer>(std::move(executor));
}

}  // namespace pricewatch
