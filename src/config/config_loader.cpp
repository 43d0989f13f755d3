#include "config/config_loader.hpp"

#include "config/config_keys.hpp"

#include <toml++/toml.h>

#include <algorithm>

namespace pricewatch {
namespace {

failure config_error(std::string message) { return make_failure(errc::validation_failed, std::move(message)); }

const config_key* find_key(std::string_view name) {
  for (const auto& key : config_keys()) {
    if (key.name == name) return &key;
  }
  return nullptr;
}

std::optional<failure> assign(config& target, const config_key& key, const std::string& value, std::string_view origin) {
  if (auto problem = key.assign(target, value)) {
    return config_error(std::string(key.name) + " (" + std::string(origin) + ") " + *problem);
  }
  return std::nullopt;
}

// TOML scalars as the text the assigners read; tables and arrays are not values of any key.
std::optional<std::string> scalar_text(const toml::node& node) {
  if (const auto* text = node.as_string()) return text->get();
  if (const auto* number = node.as_integer()) return std::to_string(number->get());
  if (const auto* flag = node.as_boolean()) return flag->get() ? "true" : "false";
  return std::nullopt;
}

// The keys of one table, "section.key"; a table inside it ([feed.kraken]) names keys one level
// deeper ("feed.kraken.ws_url").
std::optional<failure> apply_table(config& target, const std::string& path, const std::string& prefix,
                                   const toml::table& table) {
  for (const auto& [key_name, value] : table) {
    const auto name = prefix + "." + std::string(key_name.str());
    if (const auto* inner = value.as_table()) {
      const bool known_table = std::any_of(config_keys().begin(), config_keys().end(),
                                           [&](const config_key& key) { return key.name.starts_with(name + "."); });
      if (!known_table) return config_error("config file " + path + ": unknown table " + name);
      if (auto problem = apply_table(target, path, name, *inner)) return problem;
      continue;
    }
    const auto* key = find_key(name);
    if (key == nullptr) {
      return config_error("config file " + path + ": unknown key " + name);
    }
    const auto text = scalar_text(value);
    if (!text) {
      return config_error(name + " (config file) must be a string or an integer");
    }
    if (auto problem = assign(target, *key, *text, "config file")) return problem;
  }
  return std::nullopt;
}

std::optional<failure> apply_file(config& target, const std::string& path) {
  toml::table document;
  try {
    document = toml::parse_file(path);
  } catch (const toml::parse_error& error) {
    return config_error("config file " + path + ": " + std::string(error.description()) + " at line " +
                        std::to_string(error.source().begin.line));
  }
  for (const auto& entry : document) {
    // Not a structured binding: clang 14 (the fuzz build) cannot capture one in the lambda below.
    const auto& section_name = entry.first;
    const auto* table = entry.second.as_table();
    const auto known_section = std::any_of(config_keys().begin(), config_keys().end(), [&](const config_key& key) {
      return key.name.substr(0, key.name.find('.')) == section_name.str();
    });
    if (table == nullptr || !known_section) {
      return config_error("config file " + path + ": " + std::string(section_name.str()) + " is not a known section");
    }
    if (auto problem = apply_table(target, path, std::string(section_name.str()), *table)) return problem;
  }
  return std::nullopt;
}

std::optional<failure> apply_environment(config& target, const std::vector<std::string>& environment) {
  for (const auto& entry : environment) {
    const auto equals = entry.find('=');
    const auto name = entry.substr(0, equals);
    if (!name.starts_with("PRICEWATCH_") || equals == std::string::npos) continue;
    const config_key* matched = nullptr;
    for (const auto& key : config_keys()) {
      if (key.environment_variable() == name) matched = &key;
    }
    if (matched == nullptr) {
      return config_error("unknown environment variable " + name);
    }
    if (auto problem = assign(target, *matched, entry.substr(equals + 1), name)) return problem;
  }
  return std::nullopt;
}

}  // namespace

result<config> load_config(const config_sources& sources) {
  config loaded;
  if (sources.file) {
    if (auto problem = apply_file(loaded, *sources.file)) return *problem;
  }
  if (auto problem = apply_environment(loaded, sources.environment)) return *problem;
  for (const auto& [name, value] : sources.flags) {
    const auto* key = find_key(name);
    if (key == nullptr) return config_error("unknown option for " + name);
    if (auto problem = assign(loaded, *key, value, "flag " + key->flag())) return *problem;
  }
  return loaded;
}

}  // namespace pricewatch
