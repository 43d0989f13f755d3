// `pricewatch import-original URL [--merge]`: the original service's users and alerts into
// pricewatch's database (docs/operations.md, "Moving over from the original").
#pragma once

#include "app/command_line.hpp"
#include "config/config.hpp"

namespace pricewatch {

// Prints the report on stdout and returns the exit status: 0 imported (rows skipped or not),
// 1 a database failed, 2 a URL that cannot be used, 3 refused because pricewatch's database holds
// rows that were not imported and --merge was not given. Errors go to stderr.
int run_import(const config& settings, const import_request& request);

}  // namespace pricewatch
