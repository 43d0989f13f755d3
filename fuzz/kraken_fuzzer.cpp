// Kraken's frames and REST bodies (src/feed/kraken/kraken_messages.hpp).
#include "feed/kraken/kraken_messages.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace kraken = pricewatch::kraken;
  const auto input = pricewatch::fuzz::choose(data, size, 5);
  switch (input.choice) {
    case 0: (void)kraken::parse_ws_message(input.text); break;
    case 1: (void)kraken::parse_errors(input.text); break;
    case 2: (void)kraken::parse_tickers(input.text); break;
    case 3: (void)kraken::parse_ohlc(input.text); break;
    default: (void)kraken::parse_asset_pairs(input.text); break;
  }
  return 0;
}
