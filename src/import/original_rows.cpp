#include "import/original_rows.hpp"

#include "alerts/alert_rules.hpp"
#include "auth/django_password.hpp"
#include "auth/email_address.hpp"
#include "core/ascii.hpp"

#include <chrono>

namespace pricewatch {
namespace {

rejected_row rejected(std::string reason) { return rejected_row{std::move(reason)}; }

failure bad_price(std::string reason) { return make_failure(errc::validation_failed, std::move(reason)); }

// Why an account cannot log in, or nullopt when its password can be checked.
std::optional<std::string> login_problem(const original_user& row) {
  if (row.is_active && !*row.is_active) return "inactive on the original (is_active = 0)";
  const auto checked = parse_django_pbkdf2(row.password.value_or(""));
  if (!checked) return checked.error().message;
  return std::nullopt;
}

// Reads digits [from, from + count) of text as a number; nullopt unless all are digits.
std::optional<int> digits(std::string_view text, std::size_t from, std::size_t count) {
  if (from + count > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = from; i < from + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace

std::string email_key(std::string_view normalised_email) { return ascii_lower(normalised_email); }

std::variant<accepted_user, rejected_row> check_original_user(const original_user& row, time_point now) {
  if (!row.email) return rejected("no email (NULL)");
  auto email = normalise_email(*row.email);
  if (!email) return rejected("its email is not an address pricewatch can mail");
  accepted_user accepted;
  accepted.email_key = email_key(*email);
  accepted.login_problem = login_problem(row);
  accepted.account.email = std::move(*email);
  accepted.account.password_hash =
      accepted.login_problem ? std::string(unusable_password_hash) : *row.password;
  accepted.account.created_at = row.date_joined ? parse_django_datetime(*row.date_joined).value_or(now) : now;
  return accepted;
}

alert_owner find_owner(const std::optional<std::string>& email, const owners_by_email& owners) {
  if (!email) return rejected("no owner (email is NULL)");
  const auto normalised = normalise_email(*email);
  if (!normalised) return rejected("its owner is not an email address");
  const auto owner = owners.find(email_key(*normalised));
  if (owner == owners.end()) return rejected("its owner is not an imported account");
  return owner->second;
}

std::variant<imported_alert, rejected_row> check_original_alert(const original_alert& row,
                                                                 const owners_by_email& owners, time_point now) {
  return check_original_alert(row, find_owner(row.email, owners), now);
}

std::variant<imported_alert, rejected_row> check_original_alert(const original_alert& row, const alert_owner& owner,
                                                                 time_point now) {
  if (row.id <= 0) return rejected("its id is not positive");
  if (const auto* none = std::get_if<rejected_row>(&owner)) return *none;
  // The original knew three statuses; paused and expired are pricewatch's own.
  const auto status = parse_status(row.status.value_or(""));
  if (!status || (*status != alert_status::created && *status != alert_status::triggered &&
                  *status != alert_status::deleted)) {
    return rejected("its status is not created, triggered or deleted");
  }
  auto target = parse_original_price(row.price.value_or(""));
  if (!target) return rejected(target.error().message);
  imported_alert alert;
  alert.id = row.id;
  alert.user_id = std::get<std::int64_t>(owner);
  alert.request = alert_request{};  // an original route's: BTCUSDT, above
  alert.request.target = *target;
  alert.status = *status;
  alert.created_at = now;
  return alert;
}

result<price> parse_original_price(std::string_view text) {
  if (text.empty()) return bad_price("no price (NULL or empty)");
  if (text.front() == '-') return bad_price("its price is negative");
  // DECIMAL(20, 10) prints ten decimals; the zeros past the eighth carry no value.
  if (const auto dot = text.find('.'); dot != std::string_view::npos) {
    while (text.size() > dot + 1 + static_cast<std::size_t>(price::decimals) && text.back() == '0') {
      text.remove_suffix(1);
    }
  }
  auto parsed = price::parse(text);
  if (!parsed) return bad_price("its price is not one pricewatch can hold exactly: " + parsed.error().message);
  if (!validate_target(*parsed)) return bad_price("its price is zero");
  return *parsed;
}

std::optional<time_point> parse_django_datetime(std::string_view text) {
  // "2024-01-02 03:04:05" and, optionally, ".123456" and "+00:00" or "Z".
  if (text.ends_with("+00:00")) text.remove_suffix(6);
  if (text.ends_with("Z")) text.remove_suffix(1);
  if (text.size() < 19 || text[4] != '-' || text[7] != '-' || (text[10] != ' ' && text[10] != 'T') ||
      text[13] != ':' || text[16] != ':') {
    return std::nullopt;
  }
  const auto year = digits(text, 0, 4), month = digits(text, 5, 2), day = digits(text, 8, 2);
  const auto hour = digits(text, 11, 2), minute = digits(text, 14, 2), second = digits(text, 17, 2);
  if (!year || !month || !day || !hour || !minute || !second || *hour > 23 || *minute > 59 || *second > 59) {
    return std::nullopt;
  }
  const std::chrono::year_month_day date{std::chrono::year(*year), std::chrono::month(static_cast<unsigned>(*month)),
                                         std::chrono::day(static_cast<unsigned>(*day))};
  if (!date.ok()) return std::nullopt;
  std::chrono::milliseconds fraction{0};
  if (text.size() > 19) {
    const auto decimals = text.substr(20);
    if (text[19] != '.' || decimals.empty() || decimals.size() > 6) return std::nullopt;
    const auto micros = digits(decimals, 0, decimals.size());
    if (!micros) return std::nullopt;
    int scaled = *micros;
    for (auto i = decimals.size(); i < 6; ++i) scaled *= 10;
    fraction = std::chrono::milliseconds(scaled / 1000);
  }
  return time_point(std::chrono::sys_days(date)) + std::chrono::hours(*hour) + std::chrono::minutes(*minute) +
         std::chrono::seconds(*second) + fraction;
}

}  // namespace pricewatch
