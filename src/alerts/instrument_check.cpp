#include "alerts/instrument_check.hpp"

#include <condition_variable>
#include <memory>

namespace pricewatch {

instrument_check::instrument_check(instrument_lists& lists, const monotonic_clock& clock, reload_function reload,
                                   instrument_check_settings settings)
    : lists_(lists), clock_(clock), reload_(std::move(reload)), settings_(settings) {}

listing instrument_check::find(exchange_id exchange, const std::string& symbol) {
  const auto found = lists_.find(exchange, symbol);
  if (found != listing::not_listed || !may_be_out_of_date(exchange)) return found;
  auto& asks = asks_.at(static_cast<std::size_t>(exchange));
  const std::lock_guard lock(asks.mutex);
  const auto now = clock_.now();
  // Read lately (by this request's turn, perhaps by the one it waited for): what it found stands.
  if (asks.last_read && now - *asks.last_read < settings_.min_interval) return lists_.find(exchange, symbol);
  asks.last_read = now;
  reload_and_wait(exchange);
  return lists_.find(exchange, symbol);
}

bool instrument_check::may_be_out_of_date(exchange_id exchange) const {
  const auto age = lists_.age(exchange);
  return age && (age->failing || clock_.now() - age->loaded_at >= settings_.stale_after);
}

void instrument_check::reload_and_wait(exchange_id exchange) {
  // Shared with done, which may come after this request stopped waiting.
  struct completion {
    std::mutex mutex;
    std::condition_variable ended;
    bool done = false;
  };
  const auto read = std::make_shared<completion>();
  reload_(exchange, [read] {
    const std::lock_guard lock(read->mutex);
    read->done = true;
    read->ended.notify_all();
  });
  std::unique_lock lock(read->mutex);
  read->ended.wait_for(lock, settings_.patience, [&] { return read->done; });
}

}  // namespace pricewatch
