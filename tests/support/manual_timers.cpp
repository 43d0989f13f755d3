#include "manual_timers.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>

namespace pricewatch::test_support {

// Waits on a steady timer set to expire never; advance() or cancel() cancel it to wake the waiter,
// and `elapsed_` tells which of the two it was.
class manual_timers::manual_timer final : public timer {
 public:
  manual_timer(manual_timers& owner, boost::asio::any_io_executor executor) : owner_(owner), wake_(std::move(executor)) {
    owner_.timers_.push_back(this);
  }
  ~manual_timer() override { std::erase(owner_.timers_, this); }

  boost::asio::awaitable<bool> wait(std::chrono::milliseconds delay) override {
    deadline_ = owner_.clock_.now() + delay;
    pending_ = true;
    elapsed_ = false;
    wake_.expires_at(boost::asio::steady_timer::time_point::max());
    const auto [ended] = co_await wake_.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
    (void)ended;  // always operation_aborted: the timer never expires by itself
    pending_ = false;
    co_return elapsed_;
  }

  void cancel() override {
    elapsed_ = false;
    wake_.cancel();
  }

  void expire_if_due(time_point now) {
    if (!pending_ || elapsed_ || deadline_ > now) return;
    elapsed_ = true;
    wake_.cancel();
  }

  bool waiting() const { return pending_ && !elapsed_; }

 private:
  manual_timers& owner_;
  boost::asio::steady_timer wake_;
  time_point deadline_{};
  bool pending_ = false;
  bool elapsed_ = false;
};

manual_timers::~manual_timers() = default;

std::unique_ptr<timer> manual_timers::make_timer(boost::asio::any_io_executor executor) {
  return std::make_unique<manual_timer>(*this, std::move(executor));
}

void manual_timers::advance(std::chrono::milliseconds by) {
  clock_.advance(by);
  const auto now = clock_.now();
  for (auto* item : timers_) item->expire_if_due(now);
}

std::size_t manual_timers::waiting() const {
  return static_cast<std::size_t>(std::count_if(timers_.begin(), timers_.end(), [](const manual_timer* item) { return item->waiting(); }));
}

}  // namespace pricewatch::test_support
