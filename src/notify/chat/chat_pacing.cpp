#include "notify/chat/chat_pacing.hpp"

#include <algorithm>

namespace pricewatch {

std::optional<std::chrono::milliseconds> chat_pacing::wait_before(const std::string& chat, time_point now) {
  const auto next = next_allowed_.find(chat);
  // The sender waits for the answer before it asks for the chat again (one thread, one request
  // to a chat at a time), so answered() has been told of every message gone before.
  if (next == next_allowed_.end() || now >= next->second) return std::nullopt;
  auto& promised = next_promised_[chat];
  const auto turn = std::max(promised, next->second);
  promised = turn + interval_;
  return std::chrono::duration_cast<std::chrono::milliseconds>(turn - now);
}

void chat_pacing::answered(const std::string& chat, time_point at) { next_allowed_[chat] = at + interval_; }

}  // namespace pricewatch
