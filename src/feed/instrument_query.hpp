// The instruments an exchange lists, by their symbols in its own form ("BTCUSDT", "BTC-USD",
// "BTC/USD"), so that an alert on a symbol the exchange does not know can be refused (DESIGN.md
// section 11: loaded at start and hourly). Made by make_instrument_query for an exchange; its
// user never asks which exchange it is.
#pragma once

#include "core/failure.hpp"

#include <boost/asio/awaitable.hpp>

#include <set>
#include <string>

namespace pricewatch {

// Used on the executor it was made with, one call at a time.
class instrument_query {
 public:
  virtual ~instrument_query() = default;
  // The symbols the exchange lists now. backend_unavailable when it cannot be reached, answers
  // with an error or asks to slow down (try again later); validation_failed when its answer
  // cannot be read. Never throws for the exchange's sake.
  virtual boost::asio::awaitable<result<std::set<std::string>>> symbols() = 0;
};

}  // namespace pricewatch
