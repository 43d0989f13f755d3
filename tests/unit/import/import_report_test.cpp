// Tests the report import-original prints: the counts, the rows left out with their reasons, and
// row descriptions that cannot write control characters to the operator's terminal.
#include "import/import_report.hpp"

#include <gtest/gtest.h>

namespace pricewatch {
namespace {

TEST(import_report, describes_a_row_by_table_id_and_quoted_text) {
  EXPECT_EQ(describe_row("user", 12, "bob@example.com"), "user 12 \"bob@example.com\"");
  EXPECT_EQ(describe_row("alert", 7, ""), "alert 7 \"\"");
}

TEST(import_report, escapes_every_byte_that_is_not_printable_ascii_and_cuts_long_text) {
  EXPECT_EQ(describe_row("user", 1, "a\x1b[2Jb\n\"q\"\\ \xc3\xa9"), "user 1 \"a\\x1b[2Jb\\x0a\\x22q\\x22\\x5c \\xc3\\xa9\"");
  const std::string long_text(200, 'x');
  EXPECT_EQ(describe_row("user", 1, long_text), "user 1 \"" + std::string(80, 'x') + "...\"");
}

TEST(import_report, prints_the_counts_then_each_row_left_out) {
  import_report report;
  report.source = "mysql://django@127.0.0.1:3306/original";
  report.users = {10'000, 9'990, 3, 7};
  report.alerts = {1'250'000, 1'249'000, 0, 1'000};
  report.watched = 400'000;
  report.elapsed = std::chrono::milliseconds(5'000);
  report.skipped = {{"user 3 \"nope\"", "its email is not an address pricewatch can mail"},
                    {"alert 9 \"x@example.com\"", "its price is zero"}};
  report.cannot_log_in = {{"user 4 \"carol@example.com\"", "an unusable password (Django's set_unusable_password)"}};
  EXPECT_EQ(format_report(report),
            "Imported from mysql://django@127.0.0.1:3306/original\n"
            "users:  10,000 read, 9,990 imported, 3 already imported, 7 skipped\n"
            "alerts: 1,250,000 read, 1,249,000 imported, 0 already imported, 1,000 skipped\n"
            "400,000 imported alerts are active (status created): `pricewatch serve` watches them from its start\n"
            "took 5.0 s (250,000 alerts/s read and imported)\n"
            "skipped (2):\n"
            "  user 3 \"nope\": its email is not an address pricewatch can mail\n"
            "  alert 9 \"x@example.com\": its price is zero\n"
            "cannot log in: imported without a password pricewatch can check (1):\n"
            "  user 4 \"carol@example.com\": an unusable password (Django's set_unusable_password)\n");
}

TEST(import_report, says_when_accounts_were_joined_to_accounts_registered_here) {
  import_report report;
  report.source = "sqlite://original.db";
  report.users = {2, 1, 0, 0};
  report.users_joined = 1;
  EXPECT_EQ(format_report(report),
            "Imported from sqlite://original.db\n"
            "users:  2 read, 1 imported, 0 already imported, 0 skipped, 1 joined to the account registered here with "
            "the same email\n"
            "alerts: 0 read, 0 imported, 0 already imported, 0 skipped\n"
            "0 imported alerts are active (status created): `pricewatch serve` watches them from its start\n"
            "took 0.0 s\n");
}

}  // namespace
}  // namespace pricewatch
