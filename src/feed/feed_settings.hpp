// Which exchange feed a watcher follows and how (feed.* in the configuration): what
// make_price_feed builds a feed from. Plain data, checked when the configuration is read.
#pragma once

#include "feed/endpoint.hpp"
#include "core/exchange.hpp"

#include <chrono>

namespace pricewatch {

// feed.source: binance-ws (the stream, REST polling while it is down) or binance-rest (polling only).
// Only Binance's feed may be set to polling only; every other exchange streams.
enum class feed_source { stream, rest };

struct feed_settings {
  exchange_id exchange = exchange_id::binance;
  feed_source source = feed_source::stream;
  endpoint stream_endpoint;  // feed.ws_url, feed.<exchange>.ws_url
  endpoint rest_endpoint;    // feed.rest_url, feed.<exchange>.rest_url
  std::chrono::seconds poll_interval{10};
  // Coinbase and Kraken send a heartbeat every second on a quiet stream: a stream silent this
  // long is taken for dead and replaced. Binance sends none (its pings keep a stream alive).
  std::chrono::milliseconds heartbeat_timeout{5000};
};

}  // namespace pricewatch
