// Templates of channel messages: text with {{placeholders}} (DESIGN.md section 10), checked when
// a channel is saved (an unknown placeholder is refused) and filled when a message is rendered,
// each value escaped for the channel's format by the caller's escape function.
#pragma once

#include "core/failure.hpp"

#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace pricewatch {

// symbol exchange condition target price percent window fired_at note alert_id alert_url
bool is_known_placeholder(std::string_view name);

// validation_failed naming the first unknown placeholder, or an unclosed "{{".
result<void> check_template(std::string_view text);

using placeholder_values = std::map<std::string, std::string, std::less<>>;

// The template with each {{name}} (spaces inside the braces allowed) replaced by escape(value);
// a name without a value becomes empty. Text outside placeholders is kept as written.
std::string render_template(std::string_view text, const placeholder_values& values,
                            const std::function<std::string(std::string_view)>& escape);

}  // namespace pricewatch
