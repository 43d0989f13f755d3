// Channel message templates (alerts/message_template.hpp), which a user writes and the notifier
// fills with values escaped for each channel's format (notify/alert_message.hpp): the input's
// first line is the template, the rest the alert's note (a user's text too, put into the message
// as a value); the choice byte picks the escape. Checked: a template that check_template accepts
// renders; text with no placeholder renders as written; the HTML and Slack escapes leave no
// '<' or '>' of a value. (The webhook's JSON escape is Boost.JSON's serializer, not ours.)
#include "alerts/message_template.hpp"
#include "alerts/notification.hpp"
#include "fuzz_input.hpp"
#include "notify/alert_message.hpp"

#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace pw = pricewatch;
  const auto input = pw::fuzz::choose(data, size, 4);
  const auto newline = input.text.find('\n');
  const std::string_view text = input.text.substr(0, newline);
  pw::notification item;
  item.alert_id = 42;
  item.symbol = "BTCUSDT";
  if (newline != std::string_view::npos) item.note = std::string(input.text.substr(newline + 1));
  using escape_function = std::string (*)(std::string_view);
  constexpr escape_function escapes[] = {pw::escape_html, pw::escape_markdown, pw::escape_slack, pw::keep_plain};
  const escape_function escape = escapes[input.choice];
  if (escape == pw::escape_html || escape == pw::escape_slack) {
    if (escape(item.note).find_first_of("<>") != std::string::npos) std::abort();
  }
  if (!pw::check_template(text)) return 0;
  const std::string rendered = pw::render_template(text, pw::alert_placeholders(item, "https://alerts.example.com"), escape);
  if (text.find("{{") == std::string_view::npos && rendered != text) std::abort();
  (void)pw::default_template(item);
  return 0;
}
