// The database of the original Django service, read by `pricewatch import-original`: its accounts
// (pricing_customuser) and alerts (pricing_alert), row by row as it stored them, unchecked. Opened
// read-only; nothing is ever written to it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace pricewatch {

// One row of pricing_customuser. Text as the database gives it; NULL is nullopt.
struct original_user {
  std::int64_t id = 0;
  std::optional<std::string> email;
  std::optional<std::string> password;     // Django's encoded hash
  std::optional<bool> is_active;           // nullopt also when the table has no such column
  std::optional<std::string> date_joined;  // "YYYY-MM-DD HH:MM:SS[.ffffff]", UTC
};

// One row of pricing_alert. The price is the column's decimal text ("51000.00"), never a double.
struct original_alert {
  std::int64_t id = 0;
  std::optional<std::string> email;  // the owner's
  std::optional<std::string> status;
  std::optional<std::string> price;
};

class original_source {
 public:
  virtual ~original_source() = default;

  // Where the rows come from, for the report: the URL without its password.
  virtual std::string description() const = 0;

  // Every account, by id. Throws backend_error (naming the table or column when one is missing).
  virtual std::vector<original_user> users() = 0;

  // At most limit alerts with ids above after_id, by id: the table is read in slices. Throws
  // backend_error.
  virtual std::vector<original_alert> alerts_after(std::int64_t after_id, std::size_t limit) = 0;
};

// The original's database at url: mysql://USER:PASSWORD@HOST[:PORT]/DATABASE (mariadb:// too) or
// sqlite://PATH (opened read-only; it must exist). Throws std::invalid_argument for a URL it
// cannot use, backend_error when the database cannot be opened.
std::unique_ptr<original_source> make_original_source(const std::string& url);

}  // namespace pricewatch
