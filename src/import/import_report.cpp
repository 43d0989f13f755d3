#include "import/import_report.hpp"

#include <fmt/format.h>

namespace pricewatch {
namespace {

std::string quoted(std::string_view text) {
  constexpr std::size_t shown = 80;
  std::string result = "\"";
  for (const char c : text.substr(0, shown)) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x7f || c == '"' || c == '\\') {
      result += fmt::format("\\x{:02x}", byte);
    } else {
      result += c;
    }
  }
  if (text.size() > shown) result += "...";
  return result + "\"";
}

// "12,345": counts of a million rows stay readable.
std::string grouped(std::int64_t number) {
  const std::string digits = std::to_string(number < 0 ? -number : number);
  std::string text = number < 0 ? "-" : "";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) text += ',';
    text += digits[i];
  }
  return text;
}

void list(std::string& text, std::string_view title, const std::vector<reported_row>& rows) {
  if (rows.empty()) return;
  text += fmt::format("{} ({}):\n", title, grouped(static_cast<std::int64_t>(rows.size())));
  for (const auto& row : rows) text += fmt::format("  {}: {}\n", row.row, row.reason);
}

}  // namespace

std::string describe_row(std::string_view table, std::int64_t id, std::string_view text) {
  return fmt::format("{} {} {}", table, id, quoted(text));
}

std::string format_report(const import_report& report) {
  std::string text = fmt::format("Imported from {}\n", report.source);
  text += fmt::format("users:  {} read, {} imported, {} already imported, {} skipped", grouped(report.users.read),
                      grouped(report.users.imported), grouped(report.users.already_imported),
                      grouped(report.users.skipped));
  if (report.users_joined > 0) {
    text += fmt::format(", {} joined to the account registered here with the same email", grouped(report.users_joined));
  }
  text += "\n";
  text += fmt::format("alerts: {} read, {} imported, {} already imported, {} skipped\n", grouped(report.alerts.read),
                      grouped(report.alerts.imported), grouped(report.alerts.already_imported),
                      grouped(report.alerts.skipped));
  const auto seconds = static_cast<double>(report.elapsed.count()) / 1000.0;
  text += fmt::format("{} imported alerts are active (status created): `pricewatch serve` watches them from its start\n",
                      grouped(report.watched));
  text += fmt::format("took {:.1f} s", seconds);
  if (seconds > 0 && report.alerts.read > 0) {
    text += fmt::format(" ({} alerts/s read and imported)",
                        grouped(static_cast<std::int64_t>(static_cast<double>(report.alerts.read) / seconds)));
  }
  text += "\n";
  list(text, "skipped", report.skipped);
  list(text, "cannot log in: imported without a password pricewatch can check", report.cannot_log_in);
  return text;
}

}  // namespace pricewatch
