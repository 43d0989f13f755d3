// An event hub subscription as the HTTP layer streams it (http/event_source.hpp): its events as
// SSE text, with a comment saying how many a slow reader lost.
#pragma once

#include "events/event_hub.hpp"
#include "http/event_source.hpp"

#include <memory>
#include <string>

namespace pricewatch::api {

class subscription_source final : public http::event_source {
 public:
  explicit subscription_source(std::unique_ptr<event_subscription> subscription)
      : subscription_(std::move(subscription)) {}

  void on_ready(std::function<void()> notify) override { subscription_->on_event(std::move(notify)); }

  std::string take_text() override {
    std::uint64_t dropped = 0;
    std::string text;
    for (const auto& event : subscription_->take(dropped)) text += to_sse_text(event);
    if (dropped > 0) text = ": " + std::to_string(dropped) + " events dropped for a slow reader\n\n" + text;
    return text;
  }

 private:
  std::unique_ptr<event_subscription> subscription_;
};

}  // namespace pricewatch::api
