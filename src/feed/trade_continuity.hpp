// What one connection has seen of each symbol's trades, for exchanges whose trade ids count up
// by one per symbol (Coinbase, Kraken): a message older than the last one is late, and a trade
// id that jumps is a stretch the stream skipped. Messages are ordered by an `order` number: the
// exchange's sequence number (Coinbase) or the trade id itself (Kraken). Pure; one per protocol.
#pragma once

#include "feed/exchange_protocol.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace pricewatch {

class trade_continuity {
 public:
  struct verdict {
    bool late = false;                     // not newer than the last message: drop it
    std::optional<missed_stretch> missed;  // trades between the last one seen and this one
  };

  // A trade. The first of a symbol on a connection starts its count.
  verdict trade(const std::string& symbol, std::int64_t order, std::int64_t trade_id, time_point time);
  // The exchange counts `last_trade_id` trades by `time` (Coinbase's heartbeat): missed when it
  // is ahead of the last trade seen; the first word of a symbol starts its count.
  verdict counted(const std::string& symbol, std::int64_t order, std::int64_t last_trade_id, time_point time);
  // Where the count stands, without judging anything (Kraken's snapshot of past trades).
  void start_at(const std::string& symbol, std::int64_t order, std::int64_t trade_id, time_point time);
  // A new connection: every count starts over.
  void clear() { symbols_.clear(); }

 private:
  struct seen {
    std::int64_t order = 0;
    std::int64_t trade_id = 0;
    time_point time;
  };
  std::map<std::string, seen> symbols_;
};

}  // namespace pricewatch
