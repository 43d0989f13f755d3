#include "feed/coinbase/product_query.hpp"

#include "core/time_format.hpp"

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

namespace pricewatch::coinbase {
namespace {

// A product id is one path segment: anything but unreserved characters is escaped.
std::string product_path(const std::string& product) {
  return "/products/" + boost::urls::encode(product, boost::urls::unreserved_chars);
}

}  // namespace

std::string ticker_target(const std::string& product) { return product_path(product) + "/ticker"; }

std::string candles_target(const std::string& product, time_point start, time_point end) {
  return product_path(product) + "/candles?granularity=" + std::to_string(candle_granularity) +
         "&start=" + format_rfc3339(start) + "&end=" + format_rfc3339(end);
}

std::string products_target() { return "/products"; }

}  // namespace pricewatch::coinbase
