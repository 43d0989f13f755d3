// What a chat or webhook message says of a firing: the values of the template placeholders
// (alerts/message_template.hpp) and each channel type's default message, written before the
// values are escaped for the channel's format.
#pragma once

#include "alerts/message_template.hpp"
#include "alerts/notification.hpp"

#include <string>

namespace pricewatch {

// symbol, exchange, condition, target, price, percent, window, fired_at, note, alert_id and,
// with public_url set, alert_url. A level's percent and window are empty, as a move's target.
placeholder_values alert_placeholders(const notification& item, const std::string& public_url);

// The default message in one line, with placeholders and the exchange by the name people know
// it by: "{{symbol}} on Coinbase is at or above {{target}}: now {{price}} (alert #{{alert_id}})",
// a move's words for a move.
std::string default_template(const notification& item);

// "Coinbase" for a notification's exchange ("coinbase"); Binance for an exchange this build does
// not know (only Binance's alerts existed before alerts had one).
std::string_view exchange_title_of(const notification& item);

// Escapes for the formats channels speak: Telegram's HTML (&, <, >), Markdown (Discord, and
// Slack's mrkdwn escapes &, <, > as entities), and plain text (ntfy: kept as it is).
std::string escape_html(std::string_view text);
std::string escape_markdown(std::string_view text);
std::string escape_slack(std::string_view text);
std::string keep_plain(std::string_view text);

}  // namespace pricewatch
