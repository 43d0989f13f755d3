// An alert_listener that writes down what it was told, for the tests of how events reach an engine.
#pragma once

#include "alerts/alert_listener.hpp"

#include <string>
#include <vector>

namespace pricewatch {

class recording_listener final : public alert_listener {
 public:
  void alert_created(const alert& created) override { calls.push_back("add " + std::to_string(created.id)); }
  void alert_deleted(const alert& deleted) override { calls.push_back("drop " + std::to_string(deleted.id)); }
  void alert_changed(const alert& changed, const std::string& previous_symbol) override {
    calls.push_back("change " + std::to_string(changed.id) + (previous_symbol.empty() ? "" : " from " + previous_symbol));
  }
  std::vector<std::string> calls;
};

}  // namespace pricewatch
