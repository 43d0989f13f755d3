#include "api/me_json.hpp"

#include "alerts/channel_service.hpp"
#include "alerts/quiet_hours.hpp"

#include <boost/json/array.hpp>

namespace pricewatch::api {

boost::json::object me_json(const services& services, const token_claims& caller) {
  boost::json::array defaults;
  for (const auto id : services.channels.default_channels(caller.user_id)) defaults.push_back(id);
  const auto preferences = services.channels.preferences(caller.user_id);
  boost::json::value quiet = nullptr;
  if (preferences.quiet) {
    quiet = boost::json::object{{"start", time_of_day_text(preferences.quiet->start_minute)},
                                {"end", time_of_day_text(preferences.quiet->end_minute)}};
  }
  return {{"id", caller.user_id},          {"email", caller.email},
          {"default_channels", defaults},  {"timezone", preferences.timezone},
          {"quiet_hours", quiet},          {"digest_seconds", preferences.digest.count()}};
}

}  // namespace pricewatch::api
