#include "notify/channel_kit.hpp"

#include "notify/chat/webhook_chat_senders.hpp"
#include "notify/webhook/webhook_sender.hpp"

namespace pricewatch {
channel_kit::channel_kit(channel& email, channel_store& channels, const wall_clock& clock,
                         const channel_kit_settings& settings)
    : http_(std::make_unique<outbound_http>(settings.outbound)),
      webhook_(std::make_unique<webhook_sender>(*http_, clock, settings.public_url)),
      telegram_(std::make_unique<telegram_sender>(*http_, clock, settings.telegram, settings.public_url)),
      discord_(std::make_unique<discord_sender>(*http_, clock, settings.public_url)),
      slack_(std::make_unique<slack_sender>(*http_, settings.public_url)),
      ntfy_(std::make_unique<ntfy_sender>(*http_, settings.public_url)),
      switch_(std::make_unique<channel_switch>(email, channels,
                                               std::map<channel_type, destination_sender*>{
                                                   {channel_type::webhook, webhook_.get()},
                                                   {channel_type::telegram, telegram_.get()},
                                                   {channel_type::discord, discord_.get()},
                                                   {channel_type::slack, slack_.get()},
                                                   {channel_type::ntfy, ntfy_.get()}})) {}

channel_kit::~channel_kit() = default;

}  // namespace pricewatch
