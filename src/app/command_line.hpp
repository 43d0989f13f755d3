// The command line: `pricewatch [options] serve|migrate|import-original URL|mail test ADDRESS|
// backup FILE`, every configuration key as a flag (but secrets), --version, and --help listing them all.
#pragma once

#include "app/service_options.hpp"
#include "config/config_loader.hpp"

#include <variant>

namespace pricewatch {

enum class command { serve, migrate, import_original, mail_test, backup };

// import-original's argument and flag.
struct import_request {
  std::string source_url;  // the original's database: mysql://... or sqlite://PATH
  bool merge = false;      // --merge: pricewatch's database may hold rows of its own
};

struct command_line {
  command what = command::serve;
  config_sources sources;
  service_options options;  // serve's --role and --symbols
  import_request import;    // import-original's
  std::string argument;     // mail test's ADDRESS, backup's FILE
};

// The parsed command line, or the exit code when there is nothing to run (--help, a usage
// error, already reported on the terminal). environment is the process's "NAME=value" list.
std::variant<command_line, int> parse_command_line(int argc, char** argv, std::vector<std::string> environment);

}  // namespace pricewatch
