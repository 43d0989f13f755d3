// `pricewatch backup FILE`: a consistent copy of the SQLite database (secret included) taken while
// the service runs; how to restore it is in docs/operations.md.
#pragma once

#include "config/config.hpp"

#include <string>

namespace pricewatch {

// Prints where the copy went, or why there is none, on stderr. Exit status: 0 copied, 1 the
// database could not be read or the copy written, 2 refused (not SQLite, FILE exists).
int run_backup(const config& settings, const std::string& file);

}  // namespace pricewatch
