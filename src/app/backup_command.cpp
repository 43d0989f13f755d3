#include "app/backup_command.hpp"

#include "core/backend_error.hpp"
#include "storage/database.hpp"

#include <cstdio>
#include <stdexcept>

namespace pricewatch {

int run_backup(const config& settings, const std::string& file) {
  try {
    backup_sqlite(settings.database.url, file);
    std::fprintf(stderr, "pricewatch backup: %s copied to %s\n", settings.database.url.c_str(), file.c_str());
    return 0;
  } catch (const std::invalid_argument& refused) {
    std::fprintf(stderr, "pricewatch backup: %s\n", refused.what());
    return 2;
  } catch (const backend_error& failed) {
    std::fprintf(stderr, "pricewatch backup: %s\n", failed.what());
    return 1;
  }
}

}  // namespace pricewatch
