// The rules of a channel's config per type (DESIGN.md section 10): which fields it takes, which
// are required, and what each may hold. Whether a URL's host is a private address is decided
// when it is connected to (notify/outbound_policy.hpp), not here: DNS may change its answer.
#pragma once

#include "alerts/delivery_channel.hpp"
#include "core/failure.hpp"

namespace pricewatch {

// The config as stored: the fields of its type, trimmed; validation_failed naming the field at
// fault for a missing required field, an unknown one, a bad value or a template with an unknown
// placeholder.
result<channel_config> validate_channel_config(channel_type type, const channel_config& config);

// A channel's name: 1 to 100 characters, no control characters; empty picks the type's name.
result<std::string> validate_channel_name(std::string_view name, channel_type type);

// Whether text is an http:// or https:// URL with a host and no spaces or control characters.
bool is_http_url(std::string_view text);

}  // namespace pricewatch
