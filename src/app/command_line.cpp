#include "app/command_line.hpp"

#include "app/version.hpp"
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
  app.set_version_flag("--version", std::string("pricewatch ") + std::string(version_text()));
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
  serve->add_option("--symbols", symbols, "symbols this watcher watches, comma-separated, in their exchanges' forms (default: all)")
      ->delimiter(',')
      ->check([](const std::string& symbol) {
        const auto valid = validate_any_symbol(symbol);
        return valid ? std::string() : valid.error().message;
      });
  std::vector<std::string> exchanges;
  serve->add_option("--exchange", exchanges,
                    "exchanges this watcher watches, comma-separated: binance, binanceus, coinbase, kraken "
                    "(default: all; only those with active alerts are connected)")
      ->delimiter(',')
      ->check(CLI::IsMember({"binance", "binanceus", "coinbase", "kraken"}));
  auto* migrate = app.add_subcommand("migrate", "apply database migrations and exit")->fallthrough();
  auto* import_original =
      app.add_subcommand("import-original",
                         "copy the original Django service's users and alerts into pricewatch's database "
                         "(database.url), then exit; import-original --help says more")
          ->footer(
             "URL is the original's database: mysql://USER:PASSWORD@HOST:PORT/DATABASE, or\n"
             "sqlite://PATH (opened read-only); its tables pricing_customuser and pricing_alert are read, never\n"
             "changed. Users keep their passwords (Django's pbkdf2_sha256 hashes, replaced by Argon2id at the\n"
             "first login); alerts keep their ids, owners, statuses and prices, as BTCUSDT above the price.\n"
             "Rows that cannot work are skipped; the report on stdout lists each with the reason. A second run\n"
             "imports nothing twice.\n"
             "Run it before `pricewatch serve`, or with the service stopped: a service started afterwards\n"
             "watches every imported created alert; an embedded service already running would not watch them\n"
             "until restarted, and a running service's cached lists show them once they expire.\n"
             "Exit status: 0 imported (skipped rows included), 1 a database failed, 2 a bad URL or configuration,\n"
             "3 refused: pricewatch's database holds users or alerts not imported, and --merge was not given.")
          ->fallthrough();
  auto* mail = app.add_subcommand("mail", "check the mail settings: mail test ADDRESS")->require_subcommand(1);
  auto* mail_test =
      mail->add_subcommand("test", "send one test message to ADDRESS with the configured mail.url and mail.from, "
                                   "print the server's answer (or the error), then exit")
          ->footer("Exit status: 0 the server accepted it (without mail.url: saved to var/outbox/, which it says),\n"
                   "1 refused or failed (the reason is printed), 2 a bad configuration.")
          ->fallthrough();
  mail->fallthrough();
  mail_test->add_option("ADDRESS", parsed.argument, "where the test message goes")->required();
  auto* backup =
      app.add_subcommand("backup", "copy the SQLite database (database.url) to FILE while the service runs, then exit")
          ->footer("The copy is consistent (one snapshot) and holds everything, the generated JWT secret\n"
                   "included: keep it as private as the database. Restore: stop the service, copy FILE over the\n"
                   "database file (and remove its -wal and -shm files), start. docs/operations.md says more.\n"
                   "Exit status: 0 copied, 1 the database could not be read or FILE written, 2 refused (not\n"
                   "SQLite, or FILE exists).")
          ->fallthrough();
  backup->add_option("FILE", parsed.argument, "the copy to write; must not exist")->required();
  import_original->add_option("URL", parsed.import.source_url, "the original's database")->required();
  import_original->add_flag("--merge", parsed.import.merge,
                            "import beside users and alerts made in pricewatch: an email registered here keeps its "
                            "account (and gets the original's alerts), an alert id taken here is skipped");

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
  parsed.what = migrate->parsed()           ? command::migrate
                : import_original->parsed() ? command::import_original
                : mail_test->parsed()       ? command::mail_test
                : backup->parsed()          ? command::backup
                                            : command::serve;
  if (!roles.empty()) {
    const auto named = [&roles](std::string_view role) { return std::ranges::find(roles, role) != roles.end(); };
    parsed.options.api = named("api");
    parsed.options.watcher = named("watcher");
    parsed.options.notifier = named("notifier");
  }
  parsed.options.symbols.insert(symbols.begin(), symbols.end());
  for (const auto& name : exchanges) parsed.options.exchanges.insert(*exchange_named(name));
  return parsed;
}

}  // namespace pricewatch
