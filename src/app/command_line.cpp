#include "app/command_line.hpp"

#include "config/config_keys.hpp"

#include <CLI/CLI.hpp>

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
  auto* serve = app.add_subcommand("serve", "run the service: HTTP API (the default command)")->fallthrough();
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
  (void)serve;
  return parsed;
}

}  // namespace pricewatch
