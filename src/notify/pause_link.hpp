// The one-click link that pauses an alert from its email (RFC 8058 List-Unsubscribe, DESIGN.md
// section 10): "<user>.<alert>.<mac>", the mac an HMAC-SHA256 (OpenSSL) of the ids under a key the
// service keeps in its database, so that anyone holding the mail, and only they, can pause that
// one alert, without a login and without a table of tokens.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pricewatch {

struct paused_alert_ref {
  std::int64_t user_id = 0;
  std::int64_t alert_id = 0;
};

std::string alert_pause_token(std::string_view key, std::int64_t user_id, std::int64_t alert_id);

// The alert a token names when its mac is right; nullopt otherwise (compared in constant time).
std::optional<paused_alert_ref> read_alert_pause_token(std::string_view key, std::string_view token);

// Where the link goes: public_url + "/api/v1/alert-pauses/" + token.
std::string alert_pause_url(std::string_view public_url, std::string_view token);

}  // namespace pricewatch
