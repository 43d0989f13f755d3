#include "feed/make_price_feed.hpp"

#include "feed/binance/binance_protocol.hpp"
#include "feed/binance/binance_ticker_query.hpp"
#include "feed/coinbase/coinbase_protocol.hpp"
#include "feed/kraken/kraken_protocol.hpp"
#include "feed/exchange_feed.hpp"
#include "feed/rest_instrument_query.hpp"

#include <stdexcept>

namespace pricewatch {
namespace {

std::unique_ptr<exchange_protocol> make_protocol(const feed_settings& settings) {
  switch (settings.exchange) {
    case exchange_id::binance:
      return std::make_unique<binance::binance_protocol>();
    case exchange_id::binanceus:
      return std::make_unique<binance::binance_protocol>(binance::binance_us_options);
    case exchange_id::coinbase:
      return std::make_unique<coinbase::coinbase_protocol>(settings.heartbeat_timeout);
    case exchange_id::kraken:
      return std::make_unique<kraken::kraken_protocol>(settings.heartbeat_timeout);
  }
  throw std::invalid_argument("no adapter for the exchange " + std::string(exchange_name(settings.exchange)));
}

}  // namespace

std::unique_ptr<price_feed> make_price_feed(boost::asio::any_io_executor executor, const feed_settings& settings,
                                            const wall_clock& clock, const monotonic_clock& monotonic,
                                            random_source& random) {
  return std::make_unique<exchange_feed>(std::move(executor), settings, make_protocol(settings), clock, monotonic,
                                         random);
}

std::unique_ptr<instrument_query> make_instrument_query(boost::asio::any_io_executor executor,
                                                        const feed_settings& settings) {
  return std::make_unique<rest_instrument_query>(std::move(executor), settings.rest_endpoint,
                                                 make_protocol(settings));
}

std::unique_ptr<ticker_query> make_ticker_query(boost::asio::any_io_executor executor, const feed_settings& settings) {
  switch (settings.exchange) {
    case exchange_id::binance:
    case exchange_id::binanceus:
      return std::make_unique<binance::binance_ticker_query>(std::move(executor), settings.rest_endpoint);
    case exchange_id::coinbase:
    case exchange_id::kraken:
      break;
  }
  throw std::invalid_argument("no 24-hour ticker for the exchange " + std::string(exchange_name(settings.exchange)));
}

}  // namespace pricewatch
