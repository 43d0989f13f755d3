// The events a Server-Sent Events response streams, as the HTTP layer sees them: text ready to
// write, and a way to be told that more has come. The HTTP layer knows no event hub; api/
// adapts its subscriptions (api/subscription_source.hpp).
#pragma once

#include <functional>
#include <string>

namespace pricewatch::http {

class event_source {
 public:
  virtual ~event_source() = default;

  // Called, from any thread, after each event queued; set once, before events matter. It must
  // only schedule work.
  virtual void on_ready(std::function<void()> notify) = 0;

  // The SSE text of everything queued since the last call, oldest first ("" when nothing).
  virtual std::string take_text() = 0;
};

}  // namespace pricewatch::http
