// Every configuration key: its name ("section.key"), its environment variable, whether it may be
// given as a command-line flag (secrets may not: flags show in `ps`), and how to set it from text.
#pragma once

#include "config/config.hpp"

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace pricewatch {

struct config_key {
  std::string_view name;         // "http.listen"
  std::string_view description;  // one line for --help and docs
  bool secret = false;
  // Sets the value from text; returns why the text is not valid, or nullopt.
  std::function<std::optional<std::string>(config&, const std::string&)> assign;

  std::string environment_variable() const;  // PRICEWATCH_HTTP_LISTEN
  std::string flag() const;                  // --http-listen
};

std::span<const config_key> config_keys();

}  // namespace pricewatch
