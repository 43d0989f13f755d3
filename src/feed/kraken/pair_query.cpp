#include "feed/kraken/pair_query.hpp"

#include "core/time_format.hpp"

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

namespace pricewatch::kraken {

std::string ticker_target(const std::vector<std::string>& rest_names) {
  std::string list;
  for (const auto& name : rest_names) {
    list += (list.empty() ? "" : ",") + boost::urls::encode(name, boost::urls::unreserved_chars);
  }
  return "/0/public/Ticker?pair=" + list + "&assetVersion=1";
}

std::string ohlc_target(const std::string& rest_name, time_point since) {
  return "/0/public/OHLC?pair=" + boost::urls::encode(rest_name, boost::urls::unreserved_chars) +
         "&interval=1&since=" + std::to_string(to_unix_millis(since) / 1000) + "&assetVersion=1";
}

std::string asset_pairs_target() { return "/0/public/AssetPairs?assetVersion=1"; }

}  // namespace pricewatch::kraken
