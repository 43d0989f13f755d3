#include "import/original_importer.hpp"

#include "import/original_rows.hpp"
#include "storage/alert_store.hpp"
#include "storage/original_source.hpp"
#include "storage/user_store.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <limits>
#include <unordered_map>
#include <variant>

namespace pricewatch {
namespace {

// "1 account", "2 accounts".
std::string counted(std::int64_t count, std::string_view noun) {
  return fmt::format("{} {}{}", count, noun, count == 1 ? "" : "s");
}

// The accounts, checked and stored; fills the owners of the alerts to come.
void import_users(original_source& source, user_store& users, time_point now, import_report& report,
                  owners_by_email& owners) {
  std::vector<imported_user> accounts;
  std::vector<accepted_user> accepted;
  std::vector<std::int64_t> original_ids;
  std::unordered_map<std::string, std::int64_t> first_with_key;  // email_key -> original id
  const auto rows = source.users();
  report.users.read = static_cast<std::int64_t>(rows.size());
  for (const auto& row : rows) {
    const auto shown = describe_row("user", row.id, row.email.value_or(""));
    auto verdict = check_original_user(row, now);
    if (auto* rejected = std::get_if<rejected_row>(&verdict)) {
      report.skipped.push_back({shown, std::move(rejected->reason)});
      ++report.users.skipped;
      continue;
    }
    auto& user = std::get<accepted_user>(verdict);
    // Rows come by id: the first account of an email keeps it, as the one registered first.
    if (const auto first = first_with_key.find(user.email_key); first != first_with_key.end()) {
      report.skipped.push_back(
          {shown, fmt::format("the same email as user {} (emails compare case-insensitively); its alerts go to that "
                              "account",
                              first->second)});
      ++report.users.skipped;
      continue;
    }
    first_with_key.emplace(user.email_key, row.id);
    accounts.push_back(user.account);
    original_ids.push_back(row.id);
    accepted.push_back(std::move(user));
  }
  const auto results = users.import_users(accounts);
  for (std::size_t i = 0; i < results.size(); ++i) {
    owners.emplace(accepted[i].email_key, results[i].user_id);
    switch (results[i].outcome) {
      case import_outcome::stored:
        ++report.users.imported;
        if (accepted[i].login_problem) {
          report.cannot_log_in.push_back(
              {describe_row("user", original_ids[i], accepted[i].account.email), *accepted[i].login_problem});
        }
        break;
      case import_outcome::already_imported:
        ++report.users.already_imported;
        break;
      case import_outcome::taken:
        ++report.users_joined;
        break;
    }
  }
}

// The owner of each email text met so far: a million alerts name some thousands of owners, each
// found once.
class owner_memo {
 public:
  explicit owner_memo(const owners_by_email& owners) : owners_(owners) {}

  const alert_owner& find(const std::optional<std::string>& email) {
    if (!email) return none_;
    auto found = by_text_.find(*email);
    if (found == by_text_.end()) {
      if (by_text_.size() >= max_remembered) by_text_.clear();  // memory stays bounded, whatever the rows
      found = by_text_.emplace(*email, find_owner(email, owners_)).first;
    }
    return found->second;
  }

  static constexpr std::size_t max_remembered = 100'000;

 private:
  const owners_by_email& owners_;
  std::unordered_map<std::string, alert_owner> by_text_;
  alert_owner none_ = find_owner(std::nullopt, owners_);
};

// One slice of alerts: checked, then stored in one transaction.
void import_alert_slice(const std::vector<original_alert>& slice, alert_store& alerts, owner_memo& owners,
                        time_point now, import_report& report) {
  std::vector<imported_alert> accepted;
  accepted.reserve(slice.size());
  for (const auto& row : slice) {
    auto verdict = check_original_alert(row, owners.find(row.email), now);
    if (auto* rejected = std::get_if<rejected_row>(&verdict)) {
      report.skipped.push_back({describe_row("alert", row.id, row.email.value_or("")), std::move(rejected->reason)});
      ++report.alerts.skipped;
      continue;
    }
    accepted.push_back(std::get<imported_alert>(verdict));
  }
  const auto outcomes = alerts.import_alerts(accepted);
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    switch (outcomes[i]) {
      case import_outcome::stored:
        ++report.alerts.imported;
        if (accepted[i].status == alert_status::created) ++report.watched;
        break;
      case import_outcome::already_imported:
        ++report.alerts.already_imported;
        break;
      case import_outcome::taken:
        report.skipped.push_back({fmt::format("alert {}", accepted[i].id),
                                  "its id is held by another alert in pricewatch (one made here, or of another owner)"});
        ++report.alerts.skipped;
        break;
    }
  }
}

}  // namespace

result<import_report> import_original(original_source& source, user_store& users, alert_store& alerts,
                                      const import_settings& settings, const wall_clock& clock,
                                      const monotonic_clock& monotonic) {
  if (settings.mode == import_mode::into_empty) {
    const auto users_here = users.count_not_imported();
    const auto alerts_here = alerts.count_not_imported();
    if (users_here > 0 || alerts_here > 0) {
      return make_failure(errc::conflict,
                          fmt::format("pricewatch's database already holds {} and {} that were not imported from the "
                                      "original; nothing was imported. Import into a new database, or pass --merge to "
                                      "add the original's rows beside them.",
                                      counted(users_here, "account"), counted(alerts_here, "alert")));
    }
  }
  const auto started = monotonic.now();
  const auto now = clock.now();
  import_report report;
  report.source = source.description();
  owners_by_email owners;
  import_users(source, users, now, report, owners);
  const auto slice_size = std::max<std::size_t>(settings.alerts_per_transaction, 1);
  // From the lowest id there can be: a row with an id of 0 or below is read, and reported.
  std::int64_t after = std::numeric_limits<std::int64_t>::min();
  owner_memo owner_of(owners);
  alerts.prepare_bulk_import();
  try {
    for (;;) {
      const auto slice = source.alerts_after(after, slice_size);
      if (slice.empty()) break;
      report.alerts.read += static_cast<std::int64_t>(slice.size());
      import_alert_slice(slice, alerts, owner_of, now, report);
      after = slice.back().id;
    }
  } catch (...) {
    try {
      alerts.finish_bulk_import();
    } catch (const std::exception&) {
      // The database failed already; its next migrate() restores what was set aside.
    }
    throw;
  }
  alerts.finish_bulk_import();
  report.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(monotonic.now() - started);
  return report;
}

}  // namespace pricewatch
