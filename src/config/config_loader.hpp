// Builds the configuration from its three sources, each overriding the one before: the TOML file,
// PRICEWATCH_* environment variables, then command-line flags (DESIGN.md section 2).
#pragma once

#include "config/config.hpp"
#include "core/failure.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pricewatch {

struct config_sources {
  std::optional<std::string> file;                 // --config
  std::vector<std::string> environment;            // "NAME=value" entries, as in environ
  std::map<std::string, std::string> flags;        // key name ("http.listen") -> value
};

// validation_failed with a message naming the key (or the file) for an unknown key, a malformed
// value or an unreadable file.
result<config> load_config(const config_sources& sources);

}  // namespace pricewatch
