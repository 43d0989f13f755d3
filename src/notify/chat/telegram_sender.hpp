// The telegram channel (DESIGN.md section 10): the Bot API's sendMessage through the operator's bot
// (telegram.bot_token, telegram.api_url), HTML-escaped text. Telegram's answer says what happened:
// {"ok": true} is accepted; error_code 400 or 403 (a chat that does not exist or blocked the
// bot) is permanent; 429 is retried after its parameters.retry_after; 5xx is retried. At most one
// message a second goes to one chat (notify/chat/chat_pacing.hpp): a faster one waits its turn in
// the outbox (deferred, never dropped; the worker goes on with other rows), each in a second of its own.
#pragma once

#include "core/clock.hpp"
#include "notify/channel.hpp"
#include "notify/chat/chat_pacing.hpp"

#include <functional>
#include <string>

namespace pricewatch {

class outbound_http;
struct outbound_reply;

struct telegram_settings {
  std::string bot_token;
  std::string api_url = "https://api.telegram.org";
};

// The outcome of a sendMessage answer (the Bot API's JSON, whatever the HTTP status).
send_result judge_telegram_answer(const outbound_reply& reply);

class telegram_sender final : public destination_sender {
 public:
  telegram_sender(outbound_http& http, const wall_clock& clock, telegram_settings settings, std::string public_url);

  send_result send(const notification& item, const delivery_channel& destination) override;

 private:
  outbound_http& http_;
  const wall_clock& clock_;
  telegram_settings settings_;
  std::string public_url_;
  chat_pacing pacing_;  // one message a second per chat, counted from each answer
};

}  // namespace pricewatch
