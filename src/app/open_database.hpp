// pricewatch's own database, from database.url, with its migrations applied: what serve, migrate
// and import-original all start with.
#pragma once

#include "config/config.hpp"
#include "core/clock.hpp"
#include "storage/database.hpp"

#include <memory>

namespace pricewatch {

// Throws backend_error when the database cannot be opened or migrated, std::invalid_argument
// for a database.url this build cannot use.
std::unique_ptr<database> open_database(const config& settings, const wall_clock& clock);

}  // namespace pricewatch
