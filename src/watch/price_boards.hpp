// One price board per exchange (DESIGN.md section 11): each exchange's watcher writes its own,
// the API reads the one its route names. Every exchange has a board from the start, so that
// readers never wait for one to exist. Shared as the boards are (price_board.hpp).
#pragma once

#include "core/exchange.hpp"
#include "watch/price_board.hpp"

#include <array>
#include <cstddef>

namespace pricewatch {

class price_boards {
 public:
  price_board& of(exchange_id exchange) { return boards_[static_cast<std::size_t>(exchange)]; }
  const price_board& of(exchange_id exchange) const { return boards_[static_cast<std::size_t>(exchange)]; }

 private:
  std::array<price_board, exchange_count> boards_;
};

}  // namespace pricewatch
