#include "notify/chat/webhook_chat_senders.hpp"

#include "notify/alert_message.hpp"
#include "notify/chat/chat_text.hpp"
#include "notify/http/http_outcome.hpp"
#include "notify/http/outbound_http.hpp"

#include <boost/json.hpp>

#include <charconv>

namespace pricewatch {
namespace {

std::string config_field(const delivery_channel& destination, std::string_view key) {
  const auto found = destination.config.find(key);
  return found == destination.config.end() ? std::string() : found->second;
}

// Seconds as Discord writes them ("0.5", "2"), rounded up to whole milliseconds.
std::optional<std::chrono::milliseconds> seconds_text(std::string_view text) {
  double seconds = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (error != std::errc() || end != text.data() + text.size() || seconds < 0 || seconds > 3600) return std::nullopt;
  return std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000.0 + 0.999));
}

}  // namespace

std::string header_safe(std::string_view text) {
  std::string safe;
  for (const char c : text) {
    const auto code = static_cast<unsigned char>(c);
    safe += code < 0x20 || code == 0x7f ? ' ' : c;
  }
  return safe;
}

discord_sender::discord_sender(outbound_http& http, const wall_clock& clock, std::string public_url)
    : http_(http), clock_(clock), public_url_(std::move(public_url)) {}

send_result discord_sender::send(const notification& item, const delivery_channel& destination) {
  const auto url = config_field(destination, "webhook_url");
  if (url.empty()) return send_failure{"discord channel without a webhook_url", true, std::nullopt};
  if (const auto next = next_allowed_.find(url); next != next_allowed_.end() && clock_.now() < next->second) {
    return wait_for_turn("waiting its turn: the discord webhook's rate limit resets later",
                         std::chrono::duration_cast<std::chrono::milliseconds>(next->second - clock_.now()));
  }
  next_allowed_.erase(url);
  const boost::json::object body{{"content", chat_text(item, destination, public_url_, escape_markdown)}};
  const auto [reply, error] = http_.post(url, {{"Content-Type", "application/json"}}, boost::json::serialize(body));
  if (!reply) return no_answer("discord", *error);
  // The bucket is spent: the next message to this webhook waits for its reset.
  if (reply->header("x-ratelimit-remaining") == "0") {
    if (const auto after = reply->header("x-ratelimit-reset-after")) {
      if (const auto wait = seconds_text(*after)) next_allowed_[url] = clock_.now() + *wait;
    }
  }
  auto outcome = judge_http_answer("discord", *reply);
  if (!outcome && !outcome.error().permanent && !outcome.error().retry_after) {
    boost::system::error_code parse_error;
    const auto parsed = boost::json::parse(reply->body, parse_error);
    if (!parse_error && parsed.is_object()) {
      if (const auto* after = parsed.as_object().if_contains("retry_after"); after != nullptr && after->is_number()) {
        const auto seconds = after->to_number<double>();
        if (seconds >= 0 && seconds <= 3600) {
          outcome.error().retry_after = std::chrono::seconds(static_cast<std::int64_t>(seconds + 0.999));
        }
      }
    }
  }
  return outcome;
}

boost::system::result<outbound_request, send_failure> slack_sender::request_for(const notification& item,
                                                                                const delivery_channel& destination) {
  const auto url = config_field(destination, "webhook_url");
  if (url.empty()) return send_failure{"slack channel without a webhook_url", true, std::nullopt};
  const boost::json::object body{{"text", chat_text(item, destination, public_url_, escape_slack)}};
  return outbound_request{url, {{"Content-Type", "application/json"}}, boost::json::serialize(body)};
}

send_result slack_sender::judge(const outbound_answer& answer) {
  if (!answer.first) return no_answer("slack", *answer.second);
  return judge_http_answer("slack", *answer.first);
}

boost::system::result<outbound_request, send_failure> ntfy_sender::request_for(const notification& item,
                                                                               const delivery_channel& destination) {
  const auto server = config_field(destination, "server");
  const auto topic = config_field(destination, "topic");
  if (server.empty() || topic.empty()) return send_failure{"ntfy channel without server and topic", true, std::nullopt};
  const auto title = item.digest_of.empty() ? item.symbol + " price alert"
                                            : std::to_string(item.digest_of.size()) + " price alerts";
  header_fields headers{{"Title", header_safe(title)},
                        {"Priority", "high"},
                        {"Tags", item.condition == alert_condition::below || item.condition == alert_condition::crossing_down ||
                                         item.condition == alert_condition::moving_down
                                     ? "chart_with_downwards_trend"
                                     : "chart_with_upwards_trend"},
                        {"Content-Type", "text/plain; charset=utf-8"}};
  if (const auto token = config_field(destination, "token"); !token.empty()) {
    headers.emplace_back("Authorization", "Bearer " + header_safe(token));
  }
  return outbound_request{channel_recipient(channel_type::ntfy, destination.config), std::move(headers),
                          chat_text(item, destination, public_url_, keep_plain)};
}

send_result ntfy_sender::judge(const outbound_answer& answer) {
  if (!answer.first) return no_answer("ntfy", *answer.second);
  return judge_http_answer("ntfy", *answer.first);
}

}  // namespace pricewatch
