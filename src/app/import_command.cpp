#include "app/import_command.hpp"

#include "app/open_database.hpp"
#include "core/backend_error.hpp"
#include "import/original_importer.hpp"
#include "storage/original_source.hpp"

#include <cstdio>
#include <stdexcept>

namespace pricewatch {
namespace {

constexpr int imported = 0;
constexpr int database_failed = 1;
constexpr int unusable_url = 2;
constexpr int refused = 3;

int fail(int status, const std::string& message) {
  std::fprintf(stderr, "pricewatch import-original: %s\n", message.c_str());
  return status;
}

}  // namespace

int run_import(const config& settings, const import_request& request) {
  const system_wall_clock clock;
  const steady_monotonic_clock monotonic;
  try {
    if (same_sqlite_file(request.source_url, settings.database.url)) {
      return fail(unusable_url, "the original's database and pricewatch's (database.url) are the same file");
    }
    auto source = make_original_source(request.source_url);
    auto db = open_database(settings, clock, database_workload::bulk_import);
    const import_settings how{request.merge ? import_mode::merge : import_mode::into_empty};
    auto report = import_original(*source, db->users(), db->alerts(), how, clock, monotonic);
    if (!report) return fail(refused, report.error().message);
    std::fputs(format_report(*report).c_str(), stdout);
    std::fflush(stdout);
    return imported;
  } catch (const std::invalid_argument& error) {
    return fail(unusable_url, error.what());
  } catch (const backend_error& error) {
    return fail(database_failed, error.what());
  }
}

}  // namespace pricewatch
