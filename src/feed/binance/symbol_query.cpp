#include "feed/binance/symbol_query.hpp"

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

namespace pricewatch::binance {

std::string ticker_target(const std::vector<std::string>& symbols) {
  if (symbols.size() == 1) {
    return "/api/v3/ticker/price?symbol=" + symbols.front();
  }
  std::string list = "[";
  for (const auto& symbol : symbols) list += (list.size() > 1 ? ",\"" : "\"") + symbol + "\"";
  list += "]";
  return "/api/v3/ticker/price?symbols=" + boost::urls::encode(list, boost::urls::unreserved_chars);
}

std::string ticker_24h_target(const std::string& symbol) { return "/api/v3/ticker/24hr?symbol=" + symbol; }

std::string klines_target(const std::string& symbol, std::string_view interval, std::int64_t start_ms,
                          std::int64_t end_ms) {
  return "/api/v3/klines?symbol=" + symbol + "&interval=" + std::string(interval) + "&startTime=" + std::to_string(start_ms) +
         "&endTime=" + std::to_string(end_ms) + "&limit=" + std::to_string(max_klines);
}

std::string exchange_info_target() { return "/api/v3/exchangeInfo"; }

}  // namespace pricewatch::binance
