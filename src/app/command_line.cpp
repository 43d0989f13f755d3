#include "app/command_line.hpp"

#include "alerts/alert_rules.hpp"
#include "config/config_keys.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>

namespace pricewatch {

std::variant<command_line, int> parse_command_line(int argc, char** argv, std::vector<std::string> environment) {
  CLI::App app{
      "pricewatch: crypto price alerts by email.\n"
      "Configuration: --config FILE (TOML), overridden by PRICEWATCH_<SECTION>_<KEY> environment variables,\n"
      "overridden by the flags below. With none of them it runs embedded: SQLite under var/, no other server."};
  app.require_subcommand(0, 1);
  command_line parsed;
  parsed.sources.environment = std::move(environment);

  std::string config_file;
  app.add_option("--config", config_file, "TOML configuration file")->check(CLI::ExistingFile);

  std::map<std::string, std::string> flag_values;
  for (const auto& key : config_keys()) {
    if (key.secret) continue;
    app.add_option(key.flag(), flag_values[std::string(key.name)],
                   std::string(key.description) + " [env " + key.environment_variable() + "]")
        ->group("Configuration");
  }
  auto* serve = app.add_subcommand("serve", "run the service (the default command): every role, or those named")
                    ->fallthrough();
  std::vector<std::string> roles;
  serve->add_option("--role", roles,
                    "api, watcher or notifier; repeat for several (default: all three in this process)")
      ->check(CLI::IsMember({"api", "watcher", "notifier"}));
  std::vector<std::string> symbols;
  serve->add_option("--symbols", symbols, "symbols this watcher watches, comma-separated (default: all)")
      ->delimiter(',')
      ->check([](const std::string& symbol) {
        const auto valid = validate_symbol(symbol);
        return valid ? std::string() : valid.error().message;
      });
  auto* migrate = app.add_subcommand("migrate", "apply database migrations and exit")->fallthrough();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error);
  }
  if (!config_file.empty()) parsed.sources.file = config_file;
  for (const auto& key : config_keys()) {
    const auto name = std::string(key.name);
    if (!key.secret && app.count(key.flag()) > 0) parsed.sources.flags[name] = flag_values[name];
  }
  parsed.what = migrate->parsed() ? command::migrate : command::serve;
  if (!roles.empty()) {
    const auto named = [&roles](std::string_view role) { return std::ranges::find(roles, role) != roles.end(); };
    parsed.options.api = named("api");
    parsed.options.watcher = named("watcher");
    parsed.options.notifier = named("notifier");
  }
  parsed.options.symbols.insert(symbols.begin(), symbols.end());
  return parsed;
}

}  // namespace pricewatch
