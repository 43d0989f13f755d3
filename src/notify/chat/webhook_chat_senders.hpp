// The discord, slack and ntfy channels (DESIGN.md section 10), each one POST:
//   discord: {"content"} (Markdown) to the channel's Discord webhook; a 429 is retried no sooner
//            than its Retry-After (or the body's retry_after), and X-RateLimit-Remaining 0 defers
//            the next messages to that webhook (back to the outbox, not an attempt) until
//            X-RateLimit-Reset-After has passed.
//   slack:   {"text"} (mrkdwn: &, <, > escaped) to the Slack incoming webhook.
//   ntfy:    the plain text to server/topic with Title, Priority and Tags headers, and the
//            channel's token as a bearer token when it has one.
// Statuses are judged as every HTTP channel's (notify/http/http_outcome.hpp).
#pragma once

#include "core/clock.hpp"
#include "notify/channel.hpp"
#include "notify/http/http_post_sender.hpp"

#include <functional>
#include <map>
#include <string>

namespace pricewatch {

class outbound_http;

class discord_sender final : public destination_sender {
 public:
  discord_sender(outbound_http& http, const wall_clock& clock, std::string public_url);
  send_result send(const notification& item, const delivery_channel& destination) override;

 private:
  outbound_http& http_;
  const wall_clock& clock_;
  std::string public_url_;
  std::map<std::string, time_point> next_allowed_;  // per webhook, from its X-RateLimit headers
};

// Slack and ntfy messages go out several at once (http_post_sender); Discord's one at a time, as
// each answer tells how much room its webhook's bucket has left.
class slack_sender final : public http_post_sender {
 public:
  slack_sender(outbound_http& http, std::string public_url) : http_post_sender(http), public_url_(std::move(public_url)) {}

 protected:
  boost::system::result<outbound_request, send_failure> request_for(const notification& item,
                                                                  const delivery_channel& destination) override;
  send_result judge(const outbound_answer& answer) override;

 private:
  std::string public_url_;
};

class ntfy_sender final : public http_post_sender {
 public:
  ntfy_sender(outbound_http& http, std::string public_url) : http_post_sender(http), public_url_(std::move(public_url)) {}

 protected:
  boost::system::result<outbound_request, send_failure> request_for(const notification& item,
                                                                  const delivery_channel& destination) override;
  send_result judge(const outbound_answer& answer) override;

 private:
  std::string public_url_;
};

// A header value as it may go on the wire: no CR, LF or other control characters.
std::string header_safe(std::string_view text);

}  // namespace pricewatch
