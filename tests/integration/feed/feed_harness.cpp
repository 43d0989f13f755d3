// The fake exchange's process, the adapter's thread and its reports; see feed_harness.hpp.
#include "feed_harness.hpp"

#include "feed/make_price_feed.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>

#include <algorithm>

namespace pricewatch::feed_tests {

namespace asio = boost::asio;
using namespace std::chrono_literals;

fake_exchange::fake_exchange(std::vector<std::string> arguments) {
  e2e::service_options options;
  options.binary = PRICEWATCH_PYTHON;
  options.arguments = {(std::filesystem::path(PRICEWATCH_FIXTURES) / "fake_exchange.py").string(), "--port", "0"};
  options.arguments.insert(options.arguments.end(), arguments.begin(), arguments.end());
  options.working_directory = directory_.path();
  process_ = std::make_unique<e2e::service_process>(std::move(options));
  control_ = std::make_unique<e2e::exchange_control>(process_->port());
}

feed_settings fake_settings(exchange_id exchange, unsigned short port) {
  const std::string host = "127.0.0.1:" + std::to_string(port);
  feed_settings settings;
  settings.exchange = exchange;
  settings.stream_endpoint = parse_endpoint("ws://" + host + (exchange == exchange_id::kraken ? "/v2" : ""));
  settings.rest_endpoint = parse_endpoint("http://" + host);
  settings.poll_interval = 1s;
  settings.heartbeat_timeout = 2s;
  return settings;
}

feed_handlers feed_reports::handlers() {
  return feed_handlers{
      [this](const price_tick& tick) {
        std::lock_guard lock(mutex_);
        ticks_.push_back(tick);
      },
      [this](const price_gap& gap) {
        std::lock_guard lock(mutex_);
        gaps_.push_back(gap);
      },
      [this](const price_gap& stretch) {
        std::lock_guard lock(mutex_);
        history_.push_back(stretch);
      },
      [this](feed_state state) {
        std::lock_guard lock(mutex_);
        states_.push_back(state);
      },
      [this] {
        std::lock_guard lock(mutex_);
        ++unreadable_;
      }};
}

std::vector<price_tick> feed_reports::ticks() const {
  std::lock_guard lock(mutex_);
  return ticks_;
}

std::vector<price_gap> feed_reports::gaps() const {
  std::lock_guard lock(mutex_);
  return gaps_;
}

std::vector<price_gap> feed_reports::history() const {
  std::lock_guard lock(mutex_);
  return history_;
}

std::vector<feed_state> feed_reports::states() const {
  std::lock_guard lock(mutex_);
  return states_;
}

int feed_reports::unreadable() const {
  std::lock_guard lock(mutex_);
  return unreadable_;
}

bool feed_reports::has_tick(const std::string& symbol, const std::string& value) const {
  const auto wanted = price::parse(value).value();
  std::lock_guard lock(mutex_);
  return std::ranges::any_of(ticks_, [&](const price_tick& tick) { return tick.symbol == symbol && tick.value == wanted; });
}

namespace {

std::optional<std::pair<price, price>> range_of(const std::vector<price_gap>& stretches, const std::string& symbol) {
  std::optional<std::pair<price, price>> range;
  for (const auto& stretch : stretches) {
    if (stretch.symbol != symbol) continue;
    if (!range) range = std::pair{stretch.low, stretch.high};
    range->first = std::min(range->first, stretch.low);
    range->second = std::max(range->second, stretch.high);
  }
  return range;
}

}  // namespace

std::optional<std::pair<price, price>> feed_reports::gap_range(const std::string& symbol) const {
  std::lock_guard lock(mutex_);
  return range_of(gaps_, symbol);
}

std::optional<std::pair<price, price>> feed_reports::history_range(const std::string& symbol) const {
  std::lock_guard lock(mutex_);
  return range_of(history_, symbol);
}

running_feed::running_feed(const feed_settings& settings) : settings_(settings), work_(io_.get_executor()) {
  feed_ = make_price_feed(io_.get_executor(), settings_, clock_, monotonic_, random_);
  asio::post(io_, [this] { feed_->start(reports_.handlers()); });
  thread_ = std::thread([this] {
    io_.run();
    finished_.set_value();
  });
}

running_feed::~running_feed() {
  asio::post(io_, [this] { feed_->stop(); });
  work_.reset();
  // A request in flight may take its whole deadline: past a few seconds, stop the context.
  if (finished_.get_future().wait_for(5s) != std::future_status::ready) io_.stop();
  thread_.join();
  feed_.reset();
}

void running_feed::follow(std::set<std::string> symbols) {
  asio::post(io_, [this, symbols = std::move(symbols)] { feed_->follow(symbols); });
}

void running_feed::recall(std::string symbol, time_point from) {
  asio::post(io_, [this, symbol = std::move(symbol), from] { feed_->recall(symbol, from); });
}

result<std::set<std::string>> running_feed::instruments() {
  // Shared with the coroutine, which outlives this call when the query does not answer in time.
  auto answer = std::make_shared<std::promise<result<std::set<std::string>>>>();
  std::shared_ptr<instrument_query> query = make_instrument_query(io_.get_executor(), settings_);
  asio::co_spawn(
      io_, [answer, query]() -> asio::awaitable<void> { answer->set_value(co_await query->symbols()); },
      asio::detached);
  auto future = answer->get_future();
  if (future.wait_for(15s) != std::future_status::ready) {
    return make_failure(errc::backend_unavailable, "the instrument query did not answer in 15 s");
  }
  return future.get();
}

}  // namespace pricewatch::feed_tests
