// pricewatch: parses the command line and configuration, then hands over to the application.
#include "app/application.hpp"
#include "app/backup_command.hpp"
#include "app/command_line.hpp"
#include "app/import_command.hpp"
#include "app/mail_test_command.hpp"

#include <curl/curl.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <exception>

extern char** environ;

int main(int argc, char** argv) {
  std::vector<std::string> environment;
  for (char** entry = environ; *entry != nullptr; ++entry) environment.emplace_back(*entry);
  auto parsed = pricewatch::parse_command_line(argc, argv, std::move(environment));
  if (const int* exit_code = std::get_if<int>(&parsed)) {
    return *exit_code;
  }
  const auto& command = std::get<pricewatch::command_line>(parsed);
  auto settings = pricewatch::load_config(command.sources);
  if (!settings) {
    std::fprintf(stderr, "pricewatch: configuration error: %s\n", settings.error().message.c_str());
    return 2;
  }
  auto logger = spdlog::stderr_logger_mt("pricewatch");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  logger->set_level(spdlog::level::from_str(settings->log.level));
  spdlog::set_default_logger(logger);
  // libcurl's global state is set up once, before any thread exists.
  curl_global_init(CURL_GLOBAL_DEFAULT);
  try {
    switch (command.what) {
      case pricewatch::command::migrate: return pricewatch::run_migrations(*settings);
      case pricewatch::command::import_original: return pricewatch::run_import(*settings, command.import);
      case pricewatch::command::mail_test: return pricewatch::run_mail_test(*settings, command.argument);
      case pricewatch::command::backup: return pricewatch::run_backup(*settings, command.argument);
      case pricewatch::command::serve: break;
    }
    return pricewatch::run_service(*settings, command.options);
  } catch (const std::exception& error) {
    spdlog::critical("cannot start: {}", error.what());
    return 1;
  }
}
