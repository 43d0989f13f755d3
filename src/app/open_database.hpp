// pricewatch's own database, from database.url, with its migrations applied: what serve, migrate
// and import-original all start with.
#pragma once

#include "config/config.hpp"
#include "core/clock.hpp"
#include "storage/database.hpp"

#include <memory>

namespace pricewatch {

// What the database is opened for: serving, or one bulk import (database_config::bulk_import).
enum class database_workload { service, bulk_import };

// Throws backend_error when the database cannot be opened or migrated, std::invalid_argument
// for a database.url this build cannot use.
std::unique_ptr<database> open_database(const config& settings, const wall_clock& clock,
                                        database_workload workload = database_workload::service);

}  // namespace pricewatch
