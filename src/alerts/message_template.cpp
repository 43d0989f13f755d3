#include "alerts/message_template.hpp"

#include <array>

namespace pricewatch {
namespace {

constexpr std::array<std::string_view, 11> placeholders{"symbol", "exchange", "condition", "target",
                                                        "price",  "percent",  "window",    "fired_at",
                                                        "note",   "alert_id", "alert_url"};

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

// Calls on_text for literal runs and on_placeholder for each {{name}}; false on an unclosed "{{".
template <class OnText, class OnPlaceholder>
bool scan(std::string_view text, OnText&& on_text, OnPlaceholder&& on_placeholder) {
  std::size_t at = 0;
  while (at < text.size()) {
    const auto open = text.find("{{", at);
    if (open == std::string_view::npos) {
      on_text(text.substr(at));
      return true;
    }
    on_text(text.substr(at, open - at));
    const auto close = text.find("}}", open + 2);
    if (close == std::string_view::npos) return false;
    on_placeholder(trimmed(text.substr(open + 2, close - open - 2)));
    at = close + 2;
  }
  return true;
}

}  // namespace

bool is_known_placeholder(std::string_view name) {
  for (const auto known : placeholders) {
    if (known == name) return true;
  }
  return false;
}

result<void> check_template(std::string_view text) {
  std::string unknown;
  const bool closed = scan(
      text, [](std::string_view) {},
      [&](std::string_view name) {
        if (unknown.empty() && !is_known_placeholder(name)) unknown = name.empty() ? "{{}}" : std::string(name);
      });
  if (!closed) return make_failure(errc::validation_failed, "template has a \"{{\" without its \"}}\".");
  if (!unknown.empty()) {
    return make_failure(errc::validation_failed,
                        "template has an unknown placeholder: " + unknown +
                            ". Known: symbol, exchange, condition, target, price, percent, window, fired_at, note, "
                            "alert_id, alert_url.");
  }
  return {};
}

std::string render_template(std::string_view text, const placeholder_values& values,
                            const std::function<std::string(std::string_view)>& escape) {
  std::string rendered;
  scan(
      text, [&](std::string_view literal) { rendered += literal; },
      [&](std::string_view name) {
        const auto found = values.find(name);
        if (found != values.end()) rendered += escape(found->second);
      });
  return rendered;
}

}  // namespace pricewatch
