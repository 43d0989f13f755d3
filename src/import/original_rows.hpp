// The checks each row of the original's database passes before it is imported, and what it
// becomes: an account with its Django hash, an alert as an original route stores one (BTCUSDT,
// above the price). Pure functions: the importer reads and writes, these decide.
#pragma once

#include "core/clock.hpp"
#include "core/failure.hpp"
#include "core/price.hpp"
#include "storage/imported_rows.hpp"
#include "storage/original_source.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>

namespace pricewatch {

// A row left out, and why, in words for the operator.
struct rejected_row {
  std::string reason;
};

// An account that can be imported. Without a password it can check (no pbkdf2_sha256 hash, or
// inactive on the original) it is imported all the same, so that its alerts keep firing and its
// email stays its own, but it cannot log in: login_problem says why.
struct accepted_user {
  imported_user account;
  std::string email_key;  // what emails are compared by: lower-cased
  std::optional<std::string> login_problem;
};

// The email lower-cased, as accounts are compared (case-insensitively, as on the original's MySQL).
std::string email_key(std::string_view normalised_email);

// An account: its email must be an address (trimmed, the domain lower-cased as at registration);
// when date_joined is missing or unreadable it joined `now`.
std::variant<accepted_user, rejected_row> check_original_user(const original_user& row, time_point now);

// The pricewatch account of each imported email, by email_key.
using owners_by_email = std::unordered_map<std::string, std::int64_t>;

// The owner of an alert by the email it names: an imported account's id (matched
// case-insensitively), or why there is none.
using alert_owner = std::variant<std::int64_t, rejected_row>;
alert_owner find_owner(const std::optional<std::string>& email, const owners_by_email& owners);

// An alert: its id positive, its owner an imported account (find_owner), its status created,
// triggered or deleted, its price positive and exact. It is stored as the original's create
// route stores one today: BTCUSDT, above the price, created `now` (the original kept no time).
std::variant<imported_alert, rejected_row> check_original_alert(const original_alert& row, const alert_owner& owner,
                                                                 time_point now);
// The same, finding the owner itself.
std::variant<imported_alert, rejected_row> check_original_alert(const original_alert& row,
                                                                 const owners_by_email& owners, time_point now);

// The price column's text ("51000.00", "0.10000000"): decimals past the eighth must be zeros
// (pricewatch keeps 8), and it must be above zero. validation_failed says why not.
result<price> parse_original_price(std::string_view text);

// Django's datetime text, "YYYY-MM-DD HH:MM:SS[.ffffff]" (or with "T"), read as UTC (Django
// stores UTC when USE_TZ is on); nullopt for anything else.
std::optional<time_point> parse_django_datetime(std::string_view text);

}  // namespace pricewatch
