// The composition root: turns the configuration into objects, starts them in order, waits for
// SIGTERM or SIGINT, and stops them in reverse order (STYLE.md point 3).
#pragma once

#include "app/service_options.hpp"
#include "config/config.hpp"

namespace pricewatch {

// Serves until a stop signal; returns the process exit code. Throws on startup failures
// (unreachable database, unusable address) with a message for the operator.
int run_service(const config& settings, const service_options& options);

// Applies pending migrations; returns the process exit code.
int run_migrations(const config& settings);

}  // namespace pricewatch
