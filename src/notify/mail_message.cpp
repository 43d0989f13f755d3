#include "notify/mail_message.hpp"

#include "core/exchange.hpp"
#include "notify/alert_message.hpp"

#include <algorithm>
#include <ctime>
#include <string>

namespace pricewatch {
namespace {

std::string rfc5322_date(time_point when) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[64];
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S +0000", &utc);
  return text;
}

std::string domain_of(const std::string& address) {
  const auto at = address.rfind('@');
  return at == std::string::npos ? "localhost" : address.substr(at + 1);
}

// " on Coinbase" after a symbol; nothing for Binance, whose alerts' mails keep the original
// service's wording (ORIGINAL_API.md: "The current BTCUSDT price is ...").
std::string on_exchange(const notification& item) {
  if (exchange_named(item.exchange).value_or(exchange_id::binance) == exchange_id::binance) return {};
  return " on " + std::string(exchange_title_of(item));
}

// What happened, in a sentence after "The current SYMBOL price is P, which ".
std::string what_happened(const notification& item) {
  const auto threshold = item.target.to_string(2);
  const auto percent = percent_text(item.percent_bp);
  const std::string window(to_string(item.window));
  switch (item.condition) {
    case alert_condition::above: return "is greater than or equal to your threshold of " + threshold;
    case alert_condition::below: return "is less than or equal to your threshold of " + threshold;
    case alert_condition::crossing_up: return "crossed up through your level of " + threshold;
    case alert_condition::crossing_down: return "crossed down through your level of " + threshold;
    case alert_condition::crossing: return "crossed your level of " + threshold;
    case alert_condition::moving_up: return "is at least " + percent + "% above its lowest of the last " + window;
    case alert_condition::moving_down: return "is at least " + percent + "% below its highest of the last " + window;
  }
  return "reached your alert";
}

// The alert in a few words: "BTCUSDT above 51000.00", "ETHUSDT moving_up 5% in 1h".
std::string alert_terms(const notification& item) {
  if (is_moving(item.condition)) {
    return std::string(to_string(item.condition)) + " " + percent_text(item.percent_bp) + "% in " +
           std::string(to_string(item.window));
  }
  return std::string(to_string(item.condition)) + " " + item.target.to_string(2);
}

// Whether it fires again.
std::string what_next(const notification& item) {
  if (item.frequency == alert_frequency::once) return "This alert has now fired and will not fire again.";
  return "This alert has fired " + std::to_string(item.firing_sequence) +
         (item.firing_sequence == 1 ? " time" : " times") +
         "; it fires again each time its condition begins to hold anew, at most once every " +
         std::to_string(item.cooldown.count()) + " seconds.";
}

}  // namespace

mail_message compose_digest_mail(const notification& item, const std::string& from, time_point now) {
  mail_message message;
  message.from = from;
  message.to = item.recipient;
  message.subject = "Price Alerts: " + std::to_string(item.digest_of.size()) + " while deliveries were held";
  message.message_id = "<digest-" + std::to_string(item.id) + "@" + domain_of(from) + ">";
  message.date = rfc5322_date(now);
  message.html = "<!doctype html><html><body><ul>";
  for (const auto& part : item.digest_of) {
    const std::string sentence = "The " + part.symbol + " price" + on_exchange(part) + " was " +
                                 part.triggered_price.to_string(2) + ", which " + what_happened(part) + " (alert #" +
                                 std::to_string(part.alert_id) + ").";
    message.text += sentence + "\r\n";
    message.html += "<li>" + escape_html(sentence) + "</li>";
  }
  message.html += "</ul></body></html>\r\n";
  message.headers.emplace_back("Auto-Submitted", "auto-generated");
  return message;
}

mail_message compose_alert_mail(const notification& item, const std::string& from, time_point now,
                                const std::optional<std::string>& pause_link) {
  if (!item.digest_of.empty()) return compose_digest_mail(item, from, now);
  const auto current = item.triggered_price.to_string(2);
  const std::string sentence = "The current " + item.symbol + " price" + on_exchange(item) + " is " + current +
                               ", which " + what_happened(item) + ".";
  const std::string market = item.symbol + on_exchange(item);
  const std::string terms = alert_terms(item);
  const std::string next = what_next(item);
  mail_message message;
  message.from = from;
  message.to = item.recipient;
  message.subject = "Price Alert: " + market + " at " + current;
  // One message per firing, the same for every retry of it; an alert's first firing keeps the id
  // it always had, so that mail threads started before recurring alerts go on.
  const auto firing = item.firing_sequence <= 1 ? std::string() : "-" + std::to_string(item.firing_sequence);
  message.message_id = "<alert-" + std::to_string(item.alert_id) + firing + "@" + domain_of(from) + ">";
  message.date = rfc5322_date(now);
  message.text = sentence + "\r\n\r\nAlert #" + std::to_string(item.alert_id) + ": " + market + " " + terms + ". " +
                 next + "\r\n";
  message.html = "<!doctype html><html><body><p>" + escape_html(sentence) + "</p><p>Alert #" +
                 std::to_string(item.alert_id) + ": <strong>" + escape_html(market) + "</strong> " +
                 escape_html(terms) + ". " + escape_html(next) + "</p></body></html>\r\n";
  message.headers.emplace_back("Auto-Submitted", "auto-generated");
  if (pause_link) {
    message.headers.emplace_back("List-Unsubscribe", "<" + *pause_link + ">");
    message.headers.emplace_back("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    message.text += "\r\nPause this alert: " + *pause_link + "\r\n";
    const auto end = message.html.rfind("</body>");
    message.html.insert(end, "<p><a href=\"" + escape_html(*pause_link) + "\">Pause this alert</a></p>");
  }
  return message;
}

mail_message compose_test_mail(const std::string& to, const std::string& from, time_point now) {
  mail_message message;
  message.from = from;
  message.to = to;
  message.subject = "pricewatch: test message";
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  message.message_id = "<test-" + std::to_string(millis) + "@" + domain_of(from) + ">";
  message.date = rfc5322_date(now);
  message.text = "This is a test of pricewatch's mail settings (pricewatch mail test). It reached you, so price "
                 "alerts will too.\r\n";
  message.html = "<!doctype html><html><body><p>This is a test of pricewatch's mail settings (pricewatch mail "
                 "test). It reached you, so price alerts will too.</p></body></html>\r\n";
  message.headers.emplace_back("Auto-Submitted", "auto-generated");
  return message;
}

mail_message compose_confirmation_mail(const std::string& to, const std::string& link, const std::string& from,
                                       time_point now) {
  mail_message message;
  message.from = from;
  message.to = to;
  message.subject = "Confirm price alerts to this address";
  message.message_id = "<confirm-" + std::to_string(std::hash<std::string>{}(link)) + "@" + domain_of(from) + ">";
  message.date = rfc5322_date(now);
  message.text = "Someone asked for price alerts to be sent to " + to +
                 ". If it was you, open this link to confirm:\r\n\r\n" + link +
                 "\r\n\r\nIf it was not, ignore this mail: nothing more will be sent here.\r\n";
  message.html = "<!doctype html><html><body><p>Someone asked for price alerts to be sent to " + escape_html(to) +
                 ". If it was you, <a href=\"" + escape_html(link) +
                 "\">confirm this address</a>.</p><p>If it was not, ignore this mail: nothing more will be sent "
                 "here.</p></body></html>\r\n";
  message.headers.emplace_back("Auto-Submitted", "auto-generated");
  return message;
}

mail_message compose_password_reset_mail(const std::string& to, const std::string& link, const std::string& from,
                                         time_point now, std::chrono::seconds valid_for) {
  const auto minutes = std::to_string(std::max<std::int64_t>(1, valid_for.count() / 60));
  mail_message message;
  message.from = from;
  message.to = to;
  message.subject = "Reset your pricewatch password";
  message.message_id = "<reset-" + std::to_string(std::hash<std::string>{}(link)) + "@" + domain_of(from) + ">";
  message.date = rfc5322_date(now);
  message.text = "Someone asked to reset the password of the pricewatch account " + to +
                 ". If it was you, open this link within " + minutes + " minutes to choose a new one:\r\n\r\n" +
                 link + "\r\n\r\nThe link works once. If it was not you, ignore this mail: your password stays as it is.\r\n";
  message.html = "<!doctype html><html><body><p>Someone asked to reset the password of the pricewatch account " +
                 escape_html(to) + ". If it was you, <a href=\"" + escape_html(link) + "\">choose a new password</a> within " +
                 minutes + " minutes.</p><p>The link works once. If it was not you, ignore this mail: your password "
                 "stays as it is.</p></body></html>\r\n";
  message.headers.emplace_back("Auto-Submitted", "auto-generated");
  return message;
}

std::optional<std::string> unsendable_address(std::string_view address) {
  for (const char c : address) {
    const auto code = static_cast<unsigned char>(c);
    if (code < 0x20 || code == 0x7f) {
      return "the address holds control character " + std::to_string(code) + "; not sent";
    }
    if (c == ' ' || c == '<' || c == '>' || c == '\\' || c == '"') {
      return std::string("the address holds '") + c + "'; not sent";
    }
  }
  const auto at = address.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == address.size()) {
    return "the address is not local@domain; not sent";
  }
  return std::nullopt;
}

std::string render_rfc5322(const mail_message& message) {
  const std::string boundary = "pricewatch-" + std::to_string(std::hash<std::string>{}(message.message_id));
  std::string text;
  text += "From: " + message.from + "\r\n";
  text += "To: " + message.to + "\r\n";
  text += "Subject: " + message.subject + "\r\n";
  text += "Date: " + message.date + "\r\n";
  text += "Message-ID: " + message.message_id + "\r\n";
  for (const auto& [name, value] : message.headers) text += name + ": " + value + "\r\n";
  text += "MIME-Version: 1.0\r\n";
  text += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
  text += "--" + boundary + "\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + message.text + "\r\n";
  text += "--" + boundary + "\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + message.html + "\r\n";
  text += "--" + boundary + "--\r\n";
  return text;
}

}  // namespace pricewatch
