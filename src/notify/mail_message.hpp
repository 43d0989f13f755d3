// The email owed to a firing of an alert: who, subject, plain text and HTML, and a Message-ID that
// is the same on every attempt, so that a retry after a crash is recognisable (DESIGN.md sections 6
// and 9), and another for each firing of a recurring alert.
#pragma once

#include "alerts/notification.hpp"

#include <optional>
#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pricewatch {

struct mail_message {
  std::string from;
  std::string to;
  std::string subject;
  std::string message_id;  // with angle brackets
  std::string date;        // RFC 5322
  std::string text;
  std::string html;
  // More header fields, written after Message-ID: Auto-Submitted, List-Unsubscribe.
  std::vector<std::pair<std::string, std::string>> headers;
};

// The facts of the original's email (symbol, current price, threshold, direction) and the alert id,
// marked Auto-Submitted: auto-generated (RFC 3834). With a pause link (http.public_url set), a
// one-click List-Unsubscribe to it (RFC 8058) and a "pause this alert" line in the body.
mail_message compose_alert_mail(const notification& item, const std::string& from, time_point now,
                                const std::optional<std::string>& pause_link = std::nullopt);

// A digest (item.digest_of): one sentence per firing held, one Message-ID per digest.
mail_message compose_digest_mail(const notification& item, const std::string& from, time_point now);

// The mail that asks an address to confirm that it wants alerts: the link opens the confirmation.
mail_message compose_confirmation_mail(const std::string& to, const std::string& link, const std::string& from,
                                       time_point now);

// The mail with a password reset link (valid for `valid_for`, used once), sent to an account's
// address when someone asks for it on the sign-in screen.
mail_message compose_password_reset_mail(const std::string& to, const std::string& link, const std::string& from,
                                         time_point now, std::chrono::seconds valid_for);

// `pricewatch mail test`'s message: says it is a test of the mail settings, with a Message-ID of
// its own (now in it, so that two tests are two mails).
mail_message compose_test_mail(const std::string& to, const std::string& from, time_point now);

// Why the address cannot go on the wire exactly as stored (a control character, which a mail
// library or server would cut the address at or split a line on; a space, angle bracket or
// backslash; no "@"), or nullopt when it can. Such an address is refused, never sent changed.
std::optional<std::string> unsendable_address(std::string_view address);

// The message as RFC 5322 text with a multipart/alternative body, for files and for tests.
std::string render_rfc5322(const mail_message& message);

}  // namespace pricewatch
