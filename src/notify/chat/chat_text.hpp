// The text a chat channel sends for a firing: its template (or the type's default) with every
// value escaped for the service's format; for a digest, a first line, then one line per firing.
#pragma once

#include "alerts/delivery_channel.hpp"
#include "alerts/notification.hpp"

#include <functional>
#include <string>
#include <string_view>

namespace pricewatch {

std::string chat_text(const notification& item, const delivery_channel& destination, const std::string& public_url,
                      const std::function<std::string(std::string_view)>& escape);

}  // namespace pricewatch
