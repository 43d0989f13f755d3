#include "feed/binance/binance_ticker_query.hpp"

#include "feed/binance/binance_messages.hpp"
#include "feed/binance/symbol_query.hpp"
#include "feed/rest_client.hpp"

#include <boost/asio/ssl/context.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace pricewatch::binance {

struct binance_ticker_query::connection {
  endpoint where;
  std::shared_ptr<boost::asio::ssl::context> tls = shared_tls_client_context();
};

binance_ticker_query::binance_ticker_query(boost::asio::any_io_executor executor, endpoint where)
    : executor_(std::move(executor)), connection_(std::make_shared<connection>()) {
  connection_->where = std::move(where);
}

binance_ticker_query::~binance_ticker_query() = default;

boost::asio::awaitable<result<daily_ticker>> binance_ticker_query::daily(std::string symbol) {
  // A request still under way when the service stops outlives this object: it keeps what it uses.
  const auto kept = connection_;
  rest_client rest(executor_, kept->where, *kept->tls);
  http_reply reply;
  try {
    reply = co_await rest.get(ticker_24h_target(symbol));
  } catch (const std::exception& error) {
    spdlog::warn("the 24-hour ticker of {} could not be asked: {}", symbol, error.what());
    co_return make_failure(errc::backend_unavailable, "The exchange cannot be reached; try again later.");
  }
  auto ticker = read_daily_ticker(reply, symbol);
  if (!ticker && ticker.error().code == errc::backend_unavailable) {
    spdlog::warn("the 24-hour ticker of {}: HTTP {}: {}", symbol, reply.status, reply.body.substr(0, 200));
  }
  co_return ticker;
}

result<daily_ticker> read_daily_ticker(const http_reply& reply, const std::string& asked) {
  if (reply.status == 400) {
    // -1121 "Invalid symbol."; -1100 illegal characters, which a checked symbol never has.
    const auto error = parse_api_error(reply.body);
    if (error && (error->code == -1121 || error->code == -1100)) {
      return make_failure(errc::not_found, "The exchange does not list " + asked + ".");
    }
  }
  if (reply.status == 429 || reply.status == 418) {
    failure slow_down{errc::rate_limited, "The exchange asks for fewer requests; try again later.", 60};
    if (reply.retry_after) slow_down.retry_after_seconds = std::max<std::int64_t>(1, reply.retry_after->count());
    return slow_down;
  }
  if (reply.status != 200) {
    return make_failure(errc::backend_unavailable,
                        "The exchange answered HTTP " + std::to_string(reply.status) + "; try again later.");
  }
  auto ticker = parse_ticker_24h(reply.body);
  if (!ticker || ticker->symbol != asked) {
    return make_failure(errc::backend_unavailable, "The exchange's answer could not be read; try again later.");
  }
  return ticker;
}

}  // namespace pricewatch::binance
