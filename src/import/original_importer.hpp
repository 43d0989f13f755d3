// Carries the original service's accounts and alerts into pricewatch's database through the
// stores: checks every row (import/original_rows.hpp), stores the accounts in one transaction,
// then the alerts slice by slice, each slice in one transaction, and reports what it did.
// Running it again imports nothing twice: what an earlier run stored is recognised, so a run that
// was interrupted is finished by running it again.
#pragma once

#include "core/clock.hpp"
#include "core/failure.hpp"
#include "import/import_report.hpp"

#include <cstddef>

namespace pricewatch {

class alert_store;
class original_source;
class user_store;

// Whether pricewatch's database may hold rows that were not imported.
enum class import_mode {
  into_empty,  // refuse a database with accounts or alerts made in pricewatch
  merge,       // add the original's rows beside them (--merge)
};

struct import_settings {
  import_mode mode = import_mode::into_empty;
  // Each transaction writes the pages of the alerts' indexes it touched once: the fewer, the
  // faster. A slice is held in memory (about 30 MB).
  std::size_t alerts_per_transaction = 100'000;
};

// The report; conflict, saying what the database holds, when mode is into_empty and it holds
// accounts or alerts made in pricewatch (nothing is read or written then). Throws backend_error
// when either database fails: what was committed stays, and a second run completes it.
result<import_report> import_original(original_source& source, user_store& users, alert_store& alerts,
                                      const import_settings& settings, const wall_clock& clock,
                                      const monotonic_clock& monotonic);

}  // namespace pricewatch
