#include "feed/ticker_cache.hpp"

#include <algorithm>

namespace pricewatch {

std::chrono::milliseconds ticker_cache::kept_for(const result<daily_ticker>& answer) const {
  if (answer) return limits_.longest_kept;
  switch (answer.error().code) {
    case errc::not_found: return limits_.unknown_kept;
    case errc::rate_limited: return std::chrono::milliseconds(0);  // begin() refuses while it lasts
    default: return limits_.failure_kept;
  }
}

std::optional<result<daily_ticker>> ticker_cache::find(const std::string& symbol, std::chrono::milliseconds max_age,
                                                       moment now) const {
  const auto found = entries_.find(symbol);
  if (found == entries_.end() || !found->second.answer) return std::nullopt;
  const auto& answer = *found->second.answer;
  const auto age = now - found->second.answered_at;
  const auto limit = answer ? std::min(max_age, std::chrono::milliseconds(limits_.longest_kept)) : kept_for(answer);
  if (limit <= std::chrono::milliseconds(0) || age > limit) return std::nullopt;
  return answer;
}

std::optional<result<daily_ticker>> ticker_cache::latest(const std::string& symbol) const {
  const auto found = entries_.find(symbol);
  if (found == entries_.end() || found->second.asking) return std::nullopt;
  return found->second.answer;
}

ticker_cache::permission ticker_cache::begin(const std::string& symbol, moment now) {
  if (const auto found = entries_.find(symbol); found != entries_.end() && found->second.asking) {
    return {decision::wait};
  }
  if (now < quiet_until_) {
    const auto left = std::chrono::ceil<std::chrono::seconds>(quiet_until_ - now);
    return {decision::refuse, std::max(left, std::chrono::seconds(1))};
  }
  while (!asks_.empty() && now - asks_.front() >= std::chrono::seconds(1)) asks_.pop_front();
  if (asks_.size() >= limits_.asks_per_second) return {decision::refuse, std::chrono::seconds(1)};
  asks_.push_back(now);
  entries_[symbol].asking = true;
  return {decision::ask};
}

void ticker_cache::finish(const std::string& symbol, result<daily_ticker> answer, moment now) {
  if (!answer && answer.error().code == errc::rate_limited) {
    quiet_until_ = std::max(quiet_until_, now + std::chrono::seconds(answer.error().retry_after_seconds));
  }
  auto& kept = entries_[symbol];
  kept.answer = std::move(answer);
  kept.answered_at = now;
  kept.asking = false;
  forget_old(now);
}

void ticker_cache::forget_old(moment now) {
  std::erase_if(entries_, [&](const auto& item) {
    return !item.second.asking && now - item.second.answered_at > limits_.longest_kept;
  });
  while (entries_.size() > limits_.max_entries) {
    auto oldest = entries_.end();
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
      if (!it->second.asking && (oldest == entries_.end() || it->second.answered_at < oldest->second.answered_at)) {
        oldest = it;
      }
    }
    if (oldest == entries_.end()) break;  // every one is being asked about: none may go
    entries_.erase(oldest);
  }
}

}  // namespace pricewatch
