#include "storage/soci/soci_original_source.hpp"

#include "core/backend_error.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <initializer_list>

namespace pricewatch {
namespace storage {
namespace {

constexpr const char* users_table = "pricing_customuser";
constexpr const char* alerts_table = "pricing_alert";

template <class Work>
auto reading(Work&& work) {
  try {
    return work();
  } catch (const soci::soci_error& error) {
    throw backend_error("original database", error.what());
  }
}

void require_columns(const std::set<std::string>& columns, const char* table,
                     std::initializer_list<const char*> needed) {
  for (const char* column : needed) {
    if (!columns.contains(column)) {
      throw backend_error("original database", std::string("table ") + table + " has no column " + column);
    }
  }
}

// The value of row i of a bulk read, nullopt for NULL; moved out, as each is read once.
std::optional<std::string> value_at(std::vector<std::string>& values, const std::vector<soci::indicator>& indicators,
                                    std::size_t i) {
  if (indicators[i] != soci::i_ok) return std::nullopt;
  return std::move(values[i]);
}

}  // namespace

soci_original_source::soci_original_source(const soci_target& target, std::string description)
    : sqlite_(target.dialect.name == "sqlite"),
      description_(std::move(description)),
      session_(std::make_unique<soci::session>()) {
  reading([&] { target.connect(*session_); });
  const auto user_columns = columns_of(users_table);
  const auto alert_columns = columns_of(alerts_table);
  if (user_columns.empty() || alert_columns.empty()) {
    throw backend_error("original database", std::string("no table ") +
                                                 (user_columns.empty() ? users_table : alerts_table) +
                                                 ": is this the original service's database?");
  }
  require_columns(user_columns, users_table, {"id", "email", "password"});
  require_columns(alert_columns, alerts_table, {"id", "email", "status", "price"});
  // is_active and date_joined are read when the user model has them (AbstractBaseUser alone has
  // neither).
  users_query_ = "SELECT id, " + as_text("email") + ", " + as_text("password") + ", " +
                 (user_columns.contains("is_active") ? as_text("is_active") : "NULL") + ", " +
                 (user_columns.contains("date_joined") ? as_text("date_joined") : "NULL") + " FROM " + users_table +
                 " ORDER BY id";
}

soci_original_source::~soci_original_source() = default;

std::set<std::string> soci_original_source::columns_of(const std::string& table) {
  return reading([&] {
    std::set<std::string> columns;
    std::string name = table;
    soci::rowset<std::string> names =
        sqlite_ ? (session_->prepare << "SELECT name FROM pragma_table_info(:table)", soci::use(name))
                : (session_->prepare << "SELECT COLUMN_NAME FROM information_schema.COLUMNS "
                                        "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = :table",
                   soci::use(name));
    for (const auto& column : names) {
      std::string lowered = column;
      std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                     [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
      columns.insert(std::move(lowered));
    }
    return columns;
  });
}

std::string soci_original_source::as_text(const std::string& column) const {
  return "CAST(" + column + (sqlite_ ? " AS TEXT)" : " AS CHAR)");
}

std::vector<original_user> soci_original_source::users() {
  return reading([&] {
    constexpr std::size_t rows_per_fetch = 1000;
    std::vector<long long> ids(rows_per_fetch);
    std::vector<std::string> emails(rows_per_fetch), passwords(rows_per_fetch), active(rows_per_fetch),
        joined(rows_per_fetch);
    std::vector<soci::indicator> email_set(rows_per_fetch), password_set(rows_per_fetch), active_set(rows_per_fetch),
        joined_set(rows_per_fetch);
    soci::statement select = (session_->prepare << users_query_, soci::into(ids), soci::into(emails, email_set),
                              soci::into(passwords, password_set), soci::into(active, active_set),
                              soci::into(joined, joined_set));
    std::vector<original_user> users;
    select.execute();
    while (select.fetch()) {
      for (std::size_t i = 0; i < ids.size(); ++i) {
        original_user row;
        row.id = ids[i];
        row.email = value_at(emails, email_set, i);
        row.password = value_at(passwords, password_set, i);
        if (const auto flag = value_at(active, active_set, i)) {
          row.is_active = !(*flag == "0" || *flag == "false" || *flag == "f");
        }
        row.date_joined = value_at(joined, joined_set, i);
        users.push_back(std::move(row));
      }
      for (auto* column : {&emails, &passwords, &active, &joined}) column->resize(rows_per_fetch);
      for (auto* column : {&email_set, &password_set, &active_set, &joined_set}) column->resize(rows_per_fetch);
      ids.resize(rows_per_fetch);
    }
    return users;
  });
}

std::vector<original_alert> soci_original_source::alerts_after(std::int64_t after_id, std::size_t limit) {
  if (limit == 0) return {};
  return reading([&] {
    // A REAL in SQLite (Django's "decimal" column has NUMERIC affinity: "0.10" is stored as 0.1)
    // is printed with 8 decimals, the most a price has; any other value is read as its text. No
    // value passes through a double here that was not a double in the file already.
    const std::string price = sqlite_ ? "CASE typeof(price) WHEN 'real' THEN printf('%.8f', price) "
                                        "ELSE CAST(price AS TEXT) END"
                                      : as_text("price");
    long long after = after_id;
    std::vector<long long> ids(limit);
    std::vector<std::string> emails(limit), statuses(limit), prices(limit);
    std::vector<soci::indicator> email_set(limit), status_set(limit), price_set(limit);
    soci::statement select =
        (session_->prepare << "SELECT id, " + as_text("email") + ", " + as_text("status") + ", " + price + " FROM " +
                                  alerts_table + " WHERE id > :after ORDER BY id LIMIT " + std::to_string(limit),
         soci::use(after), soci::into(ids), soci::into(emails, email_set), soci::into(statuses, status_set),
         soci::into(prices, price_set));
    std::vector<original_alert> alerts;
    alerts.reserve(limit);
    select.execute();
    while (select.fetch()) {
      for (std::size_t i = 0; i < ids.size(); ++i) {
        alerts.push_back(original_alert{ids[i], value_at(emails, email_set, i), value_at(statuses, status_set, i),
                                        value_at(prices, price_set, i)});
      }
      for (auto* column : {&emails, &statuses, &prices}) column->resize(limit);
      for (auto* column : {&email_set, &status_set, &price_set}) column->resize(limit);
      ids.resize(limit);
    }
    return alerts;
  });
}

}  // namespace storage

std::unique_ptr<original_source> make_original_source(const std::string& url) {
  return std::make_unique<storage::soci_original_source>(storage::resolve_original_url(url), storage::redact_url(url));
}

}  // namespace pricewatch
