#include "notify/chat/chat_text.hpp"

#include "notify/alert_message.hpp"

namespace pricewatch {

std::string chat_text(const notification& item, const delivery_channel& destination, const std::string& public_url,
                      const std::function<std::string(std::string_view)>& escape) {
  const auto chosen = destination.config.find("template");
  const auto line = [&](const notification& part) {
    const std::string text = chosen == destination.config.end() ? default_template(part) : chosen->second;
    return render_template(text, alert_placeholders(part, public_url), escape);
  };
  if (item.digest_of.empty()) return line(item);
  // A digest: one line per firing held, in the order they fired.
  std::string text = escape(std::to_string(item.digest_of.size()) + " price alerts while deliveries were held:");
  for (const auto& part : item.digest_of) text += "\n" + line(part);
  return text;
}

}  // namespace pricewatch
