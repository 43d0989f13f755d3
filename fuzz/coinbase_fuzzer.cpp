// Coinbase's frames and REST bodies (src/feed/coinbase/coinbase_messages.hpp).
#include "feed/coinbase/coinbase_messages.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace coinbase = pricewatch::coinbase;
  const auto input = pricewatch::fuzz::choose(data, size, 5);
  switch (input.choice) {
    case 0: (void)coinbase::parse_feed_message(input.text); break;
    case 1: (void)coinbase::parse_ticker(input.text); break;
    case 2: (void)coinbase::parse_candles(input.text); break;
    case 3: (void)coinbase::parse_products(input.text); break;
    default: (void)coinbase::parse_error(input.text); break;
  }
  return 0;
}
