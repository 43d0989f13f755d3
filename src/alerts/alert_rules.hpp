// The rules an alert's fields must follow, shared by every route that accepts them.
#pragma once

#include "core/failure.hpp"
#include "core/price.hpp"

#include <string>
#include <string_view>

namespace pricewatch {

// A symbol is 2 to 20 upper-case letters or digits, as the exchange names pairs ("BTCUSDT").
result<std::string> validate_symbol(std::string_view text);

// A target price is strictly positive.
result<price> validate_target(price target);

}  // namespace pricewatch
