#include "app/open_database.hpp"

#include <spdlog/spdlog.h>

namespace pricewatch {

std::unique_ptr<database> open_database(const config& settings, const wall_clock& clock, database_workload workload) {
  database_config database_settings{settings.database.url, static_cast<std::size_t>(settings.database.pool_size),
                                    &clock, workload == database_workload::bulk_import};
  auto opened = make_database(database_settings);
  const int applied = opened->migrate();
  if (applied > 0) spdlog::info("database schema up to date ({} migrations applied)", applied);
  return opened;
}

}  // namespace pricewatch
