// The webhook channel (DESIGN.md section 10): a POST of the firing as JSON (the default body, or
// the channel's template with values JSON-escaped), signed per Standard Webhooks v1. webhook-id
// is the outbox row's, the same on every retry, so that a receiver can drop a repeat; the
// timestamp and signature are the attempt's. While a rotated secret still signs, both
// signatures go, space-separated, as the standard allows.
#pragma once

#include "core/clock.hpp"
#include "notify/channel.hpp"

#include <string>

namespace pricewatch {

class outbound_http;

// The default body: {"type": "alert.triggered", "timestamp", "data": {...}}; for a digest,
// {"type": "alert.digest", "timestamp", "data": {"firings": [{...}, ...]}}.
std::string default_webhook_body(const notification& item, const std::string& public_url);

// The channel's template rendered with JSON-escaped values; for a digest, a JSON array of them.
std::string templated_webhook_body(const notification& item, const std::string& text, const std::string& public_url);

// "msg_" + the outbox row's id ("msg_digest_" + the first row's for a digest).
std::string webhook_id(const notification& item);

class webhook_sender final : public destination_sender {
 public:
  // http and clock outlive the sender.
  webhook_sender(outbound_http& http, const wall_clock& clock, std::string public_url)
      : http_(http), clock_(clock), public_url_(std::move(public_url)) {}

  send_result send(const notification& item, const delivery_channel& destination) override;

 private:
  outbound_http& http_;
  const wall_clock& clock_;
  std::string public_url_;
};

}  // namespace pricewatch
