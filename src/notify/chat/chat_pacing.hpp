// Telegram's limit of one message a second per chat, kept on the sender's side. Telegram counts
// the spacing between messages as they arrive; the sender cannot see an arrival, only that it
// happened between the request's start and its answer. So a chat's next second starts when the
// answer came (answered()), not when the request went out: counted from the start, a first
// request slower in transit than the second (a connection to open, a busy server) would let the
// second arrive less than a second after it (991 ms was seen in channels_delivery_test on a
// loaded machine). A message asked for too early is given a turn of its own, a second after the
// turn promised before it, so that a burst to one chat comes back one message a second.
#pragma once

#include "core/clock.hpp"

#include <chrono>
#include <map>
#include <optional>
#include <string>

namespace pricewatch {

class chat_pacing {
 public:
  explicit chat_pacing(std::chrono::milliseconds interval) : interval_(interval) {}

  // Whether a message to chat may go now: nullopt if so (send it, then call answered()), else
  // how long it waits for its turn.
  std::optional<std::chrono::milliseconds> wait_before(const std::string& chat, time_point now);
  // The chat's answer (or failure) came at `at`: its next message goes no sooner than interval after.
  void answered(const std::string& chat, time_point at);

 private:
  std::chrono::milliseconds interval_;
  std::map<std::string, time_point> next_allowed_;   // per chat: interval after its last answer
  std::map<std::string, time_point> next_promised_;  // per chat: the turn the next deferred message gets
};

}  // namespace pricewatch
