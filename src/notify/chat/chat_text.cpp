#include "notify/chat/chat_text.hpp"

#include "notify/alert_message.hpp"

namespace pricewatch {

std::string chat_text(const notification& item, const delivery_channel& destination, const std::string& public_url,
                      const std::function<std::string(std::string_view)>& escape) {
  const auto chosen = destination.config.find("template");
  const std::string text = chosen == destination.config.end() ? default_template(item) : chosen->second;
  return render_template(text, alert_placeholders(item, public_url), escape);
}

}  // namespace pricewatch
