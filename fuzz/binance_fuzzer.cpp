// Binance's frames and REST bodies (src/feed/binance/binance_messages.hpp): never a throw, never
// a crash, whatever the exchange (or whoever sits between) sends.
#include "feed/binance/binance_messages.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace binance = pricewatch::binance;
  const auto input = pricewatch::fuzz::choose(data, size, 6);
  switch (input.choice) {
    case 0: (void)binance::parse_stream_message(input.text); break;
    case 1: (void)binance::parse_ticker_prices(input.text); break;
    case 2: (void)binance::parse_klines(input.text); break;
    case 3: (void)binance::parse_ticker_24h(input.text); break;
    case 4: (void)binance::parse_api_error(input.text); break;
    default: (void)binance::parse_exchange_info(input.text); break;
  }
  return 0;
}
