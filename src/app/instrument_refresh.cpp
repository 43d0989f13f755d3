#include "app/instrument_refresh.hpp"

#include "alerts/instrument_lists.hpp"
#include "core/backoff.hpp"
#include "core/clock.hpp"
#include "core/timer.hpp"
#include "feed/instrument_query.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <vector>

namespace pricewatch {

namespace asio = boost::asio;

struct instrument_refresh::impl {
  struct exchange_loop {
    exchange_id exchange;
    std::unique_ptr<instrument_query> query;
    std::unique_ptr<timer> wait;
    bool reading = false;                     // a read of the list is under way
    std::vector<std::function<void()>> told;  // reload()'s callers, told after the next read
  };

  asio::any_io_executor executor;
  instrument_lists& lists;
  const monotonic_clock& clock;
  instrument_refresh_settings settings;
  std::vector<exchange_loop> loops;
  bool stopping = false;

  impl(asio::any_io_executor on, instrument_lists& into, const monotonic_clock& stamp, instrument_refresh_settings chosen)
      : executor(std::move(on)), lists(into), clock(stamp), settings(chosen) {}

  static void tell(exchange_loop& loop) {
    auto waiting = std::move(loop.told);
    loop.told.clear();
    for (auto& done : waiting) done();
  }

  // One exchange's list, for as long as the refresh runs: each exchange on its own, so that one
  // that does not answer delays no other.
  asio::awaitable<void> refresh(exchange_loop& loop) {
    backoff retry(settings.first_retry, settings.period);
    while (!stopping) {
      loop.reading = true;
      auto symbols = co_await loop.query->symbols();
      loop.reading = false;
      if (stopping) break;
      std::chrono::milliseconds delay = settings.period;
      // An exchange lists something: an empty answer (a market-data host that lists nothing, a
      // fake exchange not told of any symbol) would refuse every alert, so it counts as no answer.
      if (symbols && symbols->empty()) symbols = make_failure(errc::backend_unavailable, "an empty list");
      if (symbols) {
        spdlog::info("instruments: {} lists {} symbols", exchange_name(loop.exchange), symbols->size());
        lists.replace(loop.exchange, std::move(*symbols), clock.now());
        retry.reset();
      } else {
        lists.failed(loop.exchange);
        delay = retry.next();
        spdlog::warn("instruments: cannot read {}'s list ({}); asking again in {} s", exchange_name(loop.exchange),
                     symbols.error().message, std::chrono::duration_cast<std::chrono::seconds>(delay).count());
      }
      tell(loop);
      // Ended early: by stop(), or by reload() to read the list now.
      if (!co_await loop.wait->wait(delay) && stopping) break;
    }
    tell(loop);
  }

  void reload(exchange_id exchange, std::function<void()> done) {
    auto loop = std::find_if(loops.begin(), loops.end(), [&](const exchange_loop& each) { return each.exchange == exchange; });
    if (stopping || loop == loops.end()) {
      done();
      return;
    }
    loop->told.push_back(std::move(done));
    if (!loop->reading) loop->wait->cancel();
  }
};

instrument_refresh::instrument_refresh(asio::any_io_executor executor, instrument_lists& lists,
                                       std::map<exchange_id, std::unique_ptr<instrument_query>> queries,
                                       timer_factory& timers, const monotonic_clock& clock,
                                       instrument_refresh_settings settings)
    : impl_(std::make_shared<impl>(executor, lists, clock, settings)) {
  for (auto& [exchange, query] : queries) {
    impl_->loops.push_back(impl::exchange_loop{exchange, std::move(query), timers.make_timer(executor), false, {}});
  }
}

instrument_refresh::~instrument_refresh() = default;

void instrument_refresh::start() {
  auto self = impl_;
  asio::post(self->executor, [self] {
    for (auto& loop : self->loops) {
      asio::co_spawn(self->executor, self->refresh(loop), [self, exchange = loop.exchange](std::exception_ptr failure) {
        if (!failure) return;
        try {
          std::rethrow_exception(failure);
        } catch (const std::exception& error) {
          spdlog::error("instruments: {}'s refresh ended: {}", exchange_name(exchange), error.what());
        }
      });
    }
  });
}

void instrument_refresh::stop() {
  auto self = impl_;
  asio::post(self->executor, [self] {
    self->stopping = true;
    for (auto& loop : self->loops) {
      loop.wait->cancel();
      impl::tell(loop);
    }
  });
}

void instrument_refresh::reload(exchange_id exchange, std::function<void()> done) {
  auto self = impl_;
  asio::post(self->executor, [self, exchange, done = std::move(done)]() mutable { self->reload(exchange, std::move(done)); });
}

}  // namespace pricewatch
