// The webhook channel (DESIGN.md section 10): a POST of the firing as JSON (the default body, or
// the channel's template with values JSON-escaped), signed per Standard Webhooks v1. webhook-id
// is the outbox row's, the same on every retry, so that a receiver can drop a repeat; the
// timestamp and signature are the attempt's. While a rotated secret still signs, both
// signatures go, space-separated, as the standard allows.
#pragma once

#include "core/clock.hpp"
#include "notify/channel.hpp"
#include "notify/http/http_post_sender.hpp"

#include <string>

namespace pricewatch {

// The default body: {"type": "alert.triggered", "timestamp", "data": {...}}; for a digest,
// {"type": "alert.digest", "timestamp", "data": {"firings": [{...}, ...]}}.
std::string default_webhook_body(const notification& item, const std::string& public_url);

// The channel's template rendered with JSON-escaped values; for a digest, a JSON array of them.
std::string templated_webhook_body(const notification& item, const std::string& text, const std::string& public_url);

// "msg_" + the outbox row's id ("msg_digest_" + the first row's for a digest).
std::string webhook_id(const notification& item);

// Several webhooks go out at once (http_post_sender): each stands alone, with its own id.
class webhook_sender final : public http_post_sender {
 public:
  // http and clock outlive the sender.
  webhook_sender(outbound_http& http, const wall_clock& clock, std::string public_url)
      : http_post_sender(http), clock_(clock), public_url_(std::move(public_url)) {}

 protected:
  boost::system::result<outbound_request, send_failure> request_for(const notification& item,
                                                                  const delivery_channel& destination) override;
  send_result judge(const outbound_answer& answer) override;

 private:
  const wall_clock& clock_;
  std::string public_url_;
};

}  // namespace pricewatch
