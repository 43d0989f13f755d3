// Prices from clients and exchanges: price::parse (v1 strings, exchange fields) and
// price::parse_rounded (the original routes' Decimal() reading). Whatever either accepts must
// print back to a string that parses to the same price: an accepted price is never changed by
// being stored and read again.
#include "core/price.hpp"
#include "fuzz_input.hpp"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using pricewatch::price;
  const auto text = pricewatch::fuzz::text_of(data, size);
  for (const auto& parsed : {price::parse(text), price::parse_rounded(text)}) {
    if (!parsed) continue;
    const auto again = price::parse(parsed->to_string());
    if (!again || *again != *parsed) std::abort();
  }
  return 0;
}
