#include "alerts/alert_patch.hpp"

namespace pricewatch {

alert_request patched(alert_request request, const alert_patch& patch) {
  if (patch.condition && is_moving(*patch.condition) != is_moving(request.condition)) {
    request.target = price();
    request.percent_bp = 0;
    request.window = move_window::m1;
  }
  if (patch.exchange) request.exchange = *patch.exchange;
  if (patch.symbol) request.symbol = *patch.symbol;
  if (patch.condition) request.condition = *patch.condition;
  if (patch.target) request.target = *patch.target;
  if (patch.percent_bp) request.percent_bp = *patch.percent_bp;
  if (patch.window) request.window = *patch.window;
  if (patch.frequency) request.frequency = *patch.frequency;
  if (patch.cooldown) request.cooldown = *patch.cooldown;
  if (patch.expires_at) request.expires_at = *patch.expires_at;
  if (patch.note) request.note = *patch.note;
  if (patch.channels) request.channels = *patch.channels;
  return request;
}

}  // namespace pricewatch
