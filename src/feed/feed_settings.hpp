// Which exchange feed a watcher follows and how (feed.* in the configuration): what
// make_price_feed builds a feed from. Plain data, checked when the configuration is read.
#pragma once

#include "feed/endpoint.hpp"

#include <chrono>

namespace pricewatch {

// feed.source: binance-ws (the stream, REST polling while it is down) or binance-rest (polling only).
enum class feed_source { stream, rest };

struct feed_settings {
  feed_source source = feed_source::stream;
  endpoint stream_endpoint;  // feed.ws_url
  endpoint rest_endpoint;    // feed.rest_url
  std::chrono::seconds poll_interval{10};
};

}  // namespace pricewatch
