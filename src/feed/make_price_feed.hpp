// The one place that knows which adapter each exchange has: nothing outside it asks which
// exchange a feed or an instrument query is for (STYLE.md point 2).
#pragma once

#include "feed/feed_settings.hpp"
#include "feed/instrument_query.hpp"
#include "feed/price_feed.hpp"
#include "feed/ticker_query.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <memory>

namespace pricewatch {

class monotonic_clock;
class random_source;
class wall_clock;

// The feed of settings.exchange, at its endpoints. executor: one strand (or a single-threaded
// context) on which the feed runs and reports. The clock dates a gap's start when the stream gave
// no price yet, and REST prices. Throws boost::system::system_error when TLS cannot be set up
// (the system's CA certificates).
std::unique_ptr<price_feed> make_price_feed(boost::asio::any_io_executor executor, const feed_settings& settings,
                                            const wall_clock& clock, const monotonic_clock& monotonic,
                                            random_source& random);

// The instrument list of settings.exchange, from its REST endpoint. Throws as make_price_feed.
std::unique_ptr<instrument_query> make_instrument_query(boost::asio::any_io_executor executor,
                                                        const feed_settings& settings);

// The 24-hour ticker of settings.exchange, from its REST endpoint (GET /api/v1/prices). Binance
// and Binance.US only: std::invalid_argument for the others. Throws as make_price_feed.
std::unique_ptr<ticker_query> make_ticker_query(boost::asio::any_io_executor executor, const feed_settings& settings);

}  // namespace pricewatch
