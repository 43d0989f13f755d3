#include "feed/make_price_feed.hpp"

#include "feed/binance/binance_feed.hpp"

namespace pricewatch {

std::unique_ptr<price_feed> make_price_feed(boost::asio::any_io_executor executor, const feed_settings& settings,
                                            const wall_clock& clock, const monotonic_clock& monotonic,
                                            random_source& random) {
  return std::make_unique<binance::binance_feed>(std::move(executor), settings, clock, monotonic, random);
}

}  // namespace pricewatch
