// What `pricewatch import-original` did, as it prints it: counts of accounts and alerts read,
// imported, found from an earlier run, left out; then every row left out with the reason, and the
// accounts imported without a password they can log in with.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pricewatch {

struct import_counts {
  std::int64_t read = 0;
  std::int64_t imported = 0;
  std::int64_t already_imported = 0;  // stored by an earlier run
  std::int64_t skipped = 0;
};

// One row named in the report: "user 12 \"bob@example.com\"" and what became of it.
struct reported_row {
  std::string row;
  std::string reason;
};

struct import_report {
  std::string source;  // the original's URL, without its password
  import_counts users;
  // Accounts whose email was registered here already (--merge): not imported; their alerts go to
  // the account here.
  std::int64_t users_joined = 0;
  import_counts alerts;
  std::int64_t watched = 0;  // imported alerts with status created
  std::vector<reported_row> skipped;
  std::vector<reported_row> cannot_log_in;  // imported, but without a usable password
  std::chrono::milliseconds elapsed{0};
};

// "user 12 \"Bob@example.com\"": the row's table and id, and the text it is known by, quoted with
// every byte that is not printable ASCII escaped (\xNN), so that a row cannot write to the
// operator's terminal; cut after 80 bytes.
std::string describe_row(std::string_view table, std::int64_t id, std::string_view text);

// The report as printed: the counts first, then the lists.
std::string format_report(const import_report& report);

}  // namespace pricewatch
