// A way to reach a person: a channel renders one notification in its own format and hands it to
// its service (email, a webhook, Telegram, Discord, Slack, ntfy: DESIGN.md section 10). The pipeline around it
// (notify/notifier.hpp) claims, sends through a channel and records; the channel only says
// whether the notification was accepted and, when not, whether another attempt can help
// (Alertmanager's `recoverable`). One channel object serves one worker thread at a time.
#pragma once

#include "alerts/delivery_channel.hpp"
#include "alerts/notification.hpp"

#include <boost/system/result.hpp>

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace pricewatch {

// Why a notification was not accepted: a service that is down, busy or refusing for now is
// temporary and retried; a refusal for good (an SMTP 5xx, an address that cannot be sent as
// stored) is permanent and fails at once.
struct send_failure {
  std::string reason;
  bool permanent = false;
  // The service asked to wait this long before the next attempt (HTTP Retry-After, Telegram's
  // retry_after): the retry waits at least so long.
  std::optional<std::chrono::milliseconds> retry_after;
  // Nothing was sent: the destination's rate limit (Telegram's message a second per chat,
  // Discord's bucket) has no room before retry_after. Not an attempt: the row goes back to the
  // outbox, due then, its attempts as they were, and the worker goes on with other rows.
  bool deferred = false;
};

// A delivery that waits its turn at a rate-limited destination (send_failure::deferred).
inline send_failure wait_for_turn(std::string reason, std::chrono::milliseconds wait) {
  return send_failure{std::move(reason), false, wait, true};
}

// What became of an accepted notification: sent, handed to the service that delivers it (a mail
// server, a webhook, a chat service); or saved, only written where the operator can read it (the
// .eml files of the embedded default, with no mail server) and so never to be called sent.
// sent is the default value: a channel that returns {} has sent.
enum class delivered { sent = 0, saved };

using send_result = boost::system::result<delivered, send_failure>;

class channel {
 public:
  virtual ~channel() = default;
  // Never throws.
  virtual send_result send(const notification& item) = 0;

  // How many rows like item (of its channel type) it sends at once through send_all; 1: one after
  // the other, each one's outcome recorded before the next goes out.
  virtual std::size_t in_flight(const notification& /*item*/) { return 1; }
  // Sends items, all of one channel type and no more than in_flight of them, together; the
  // results in their order. Throws as send does.
  virtual std::vector<send_result> send_all(std::span<const notification> items);
  // What the channel read of the database (the stored channels) is read again when next needed:
  // the notifier calls it at the start of each pass, so a channel is read once per pass.
  virtual void refresh() {}
};

// A channel type that needs the stored channel to send (its URL, secret, template): the
// channel_switch (notify/channel_switch.hpp) reads the channel and hands both over. One object
// serves one worker thread at a time.
class destination_sender {
 public:
  virtual ~destination_sender() = default;
  // Never throws.
  virtual send_result send(const notification& item, const delivery_channel& destination) = 0;

  // One delivery of send_all: the row and where it goes.
  struct addressed {
    const notification* item;
    const delivery_channel* destination;
  };
  // How many deliveries send_all makes at once: 1 (the default) for a type whose destinations
  // pace each message by the answer to the one before (Telegram, Discord).
  virtual std::size_t in_flight() const { return 1; }
  // Sends each, up to in_flight() at once; the results in their order. Never throws.
  virtual std::vector<send_result> send_all(std::span<const addressed> deliveries);
};

}  // namespace pricewatch
