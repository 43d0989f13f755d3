#include "notify/chat/telegram_sender.hpp"

#include "notify/alert_message.hpp"
#include "notify/chat/chat_text.hpp"
#include "notify/http/http_outcome.hpp"
#include "notify/http/outbound_http.hpp"

#include <boost/json.hpp>

#include <algorithm>

namespace pricewatch {
send_result judge_telegram_answer(const outbound_reply& reply) {
  boost::system::error_code error;
  const auto parsed = boost::json::parse(reply.body, error);
  const auto* object = !error && parsed.is_object() ? &parsed.as_object() : nullptr;
  if (object != nullptr) {
    const auto* ok = object->if_contains("ok");
    if (ok != nullptr && ok->is_bool() && ok->as_bool()) return {};
  }
  if (object == nullptr) return judge_http_answer("telegram", reply);
  long code = reply.status;
  if (const auto* given = object->if_contains("error_code"); given != nullptr && given->is_int64()) {
    code = static_cast<long>(given->as_int64());
  }
  std::string description;
  if (const auto* text = object->if_contains("description"); text != nullptr && text->is_string()) {
    description = std::string(text->as_string().subview().substr(0, 200));
  }
  send_failure failure{"telegram answered " + std::to_string(code) + (description.empty() ? "" : ": " + description),
                       !is_temporary_status(code), std::nullopt};
  if (const auto* parameters = object->if_contains("parameters"); parameters != nullptr && parameters->is_object()) {
    const auto* after = parameters->as_object().if_contains("retry_after");
    if (after != nullptr && after->is_int64() && after->as_int64() >= 0) {
      failure.retry_after = std::min(std::chrono::seconds(after->as_int64()), std::chrono::seconds(3600));
    }
  }
  if (!failure.retry_after) {
    if (const auto header = reply.header("retry-after")) failure.retry_after = parse_retry_after(*header);
  }
  return failure;
}

telegram_sender::telegram_sender(outbound_http& http, const wall_clock& clock, telegram_settings settings,
                                 std::string public_url)
    : http_(http),
      clock_(clock),
      settings_(std::move(settings)),
      public_url_(std::move(public_url)),
      pacing_(std::chrono::seconds(1)) {}

send_result telegram_sender::send(const notification& item, const delivery_channel& destination) {
  if (settings_.bot_token.empty()) {
    return send_failure{"telegram.bot_token is not configured on this server", false, std::nullopt};
  }
  const auto chat = destination.config.find("chat_id");
  if (chat == destination.config.end()) return send_failure{"telegram channel without a chat_id", true, std::nullopt};
  // One message a second per chat (Telegram's limit): a faster one waits its turn in the outbox.
  if (const auto wait = pacing_.wait_before(chat->second, clock_.now())) {
    return wait_for_turn("waiting its turn: telegram takes one message a second per chat", *wait);
  }
  boost::json::object body{{"chat_id", chat->second},
                           {"text", chat_text(item, destination, public_url_, escape_html)},
                           {"parse_mode", "HTML"},
                           {"disable_web_page_preview", true}};
  auto base = settings_.api_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  const auto [reply, error] = http_.post(base + "/bot" + settings_.bot_token + "/sendMessage",
                                         {{"Content-Type", "application/json"}}, boost::json::serialize(body));
  // Whatever the answer, the message may have arrived: the chat's next second starts now.
  pacing_.answered(chat->second, clock_.now());
  if (!reply) {
    // libcurl's reason never holds the URL, and so never the bot's token.
    return no_answer("telegram", *error);
  }
  return judge_telegram_answer(*reply);
}

}  // namespace pricewatch
