// A way to reach a person: a channel renders one notification in its own format and hands it to
// its service (email now; webhooks, chat services and push later). The pipeline around it
// (notify/notifier.hpp) claims, sends through a channel and records; the channel only says
// whether the notification was accepted and, when not, whether another attempt can help
// (Alertmanager's `recoverable`). One channel object serves one worker thread at a time.
#pragma once

#include "alerts/notification.hpp"

#include <boost/system/result.hpp>

#include <string>

namespace pricewatch {

// Why a notification was not accepted: a service that is down, busy or refusing for now is
// temporary and retried; a refusal for good (an SMTP 5xx, an address that cannot be sent as
// stored) is permanent and fails at once.
struct send_failure {
  std::string reason;
  bool permanent = false;
};

using send_result = boost::system::result<void, send_failure>;

class channel {
 public:
  virtual ~channel() = default;
  // Never throws.
  virtual send_result send(const notification& item) = 0;
};

}  // namespace pricewatch
