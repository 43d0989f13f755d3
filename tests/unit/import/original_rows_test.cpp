// Tests the checks each row of the original's database passes: which rows are imported, which are
// skipped and why, and what an imported account and alert become.
#include "import/original_rows.hpp"

#include <gtest/gtest.h>

namespace pricewatch {
namespace {

using namespace std::chrono_literals;

const time_point now = time_point(std::chrono::seconds(1'790'000'000));
const std::string usable_hash = "pbkdf2_sha256$1000$seasalt0123456789abcd$HY62XieXM90MMTi5ATfPxiZ8Bhvfx2LAiP5A5cP2kdE=";

original_user user_row(std::optional<std::string> email, std::optional<std::string> password = usable_hash) {
  return original_user{7, std::move(email), std::move(password), true, "2024-03-05 14:15:16.250000"};
}

std::string user_rejection(const original_user& row) {
  const auto verdict = check_original_user(row, now);
  const auto* rejected = std::get_if<rejected_row>(&verdict);
  return rejected ? rejected->reason : "";
}

TEST(original_rows, an_account_keeps_its_email_hash_and_join_date) {
  const auto verdict = check_original_user(user_row("  Bob.Smith@Example.COM "), now);
  const auto* accepted = std::get_if<accepted_user>(&verdict);
  ASSERT_NE(accepted, nullptr);
  EXPECT_EQ(accepted->account.email, "Bob.Smith@example.com");
  EXPECT_EQ(accepted->email_key, "bob.smith@example.com");
  EXPECT_EQ(accepted->account.password_hash, usable_hash);
  EXPECT_EQ(accepted->account.created_at, *parse_django_datetime("2024-03-05 14:15:16.25"));
  EXPECT_EQ(accepted->login_problem, std::nullopt);
}

TEST(original_rows, an_account_without_an_address_is_skipped) {
  EXPECT_EQ(user_rejection(user_row("not-an-email")), "its email is not an address pricewatch can mail");
  EXPECT_EQ(user_rejection(user_row("bob@")), "its email is not an address pricewatch can mail");
  EXPECT_EQ(user_rejection(user_row("bob@example.com\n")), "its email is not an address pricewatch can mail");
  EXPECT_EQ(user_rejection(user_row(std::nullopt)), "no email (NULL)");
  EXPECT_EQ(user_rejection(user_row("")), "its email is not an address pricewatch can mail");
}

TEST(original_rows, an_account_without_a_usable_password_is_imported_but_cannot_log_in) {
  const struct {
    std::optional<std::string> password;
    bool active;
    const char* problem;
  } cases[] = {
      {"!q8VnT3xKc0RzL5mWb2YhJdq8VnT3xKc0RzL5mWb", true, "an unusable password (Django's set_unusable_password)"},
      {"md5$seasalt$f5531bef9f3687d0ccf0f617f0e25573", true,
       "password hash algorithm md5 (only pbkdf2_sha256 is accepted)"},
      {"pbkdf2_sha256$9000000$seasalt$OAXyhAQ/4ZDA9V5RMExt3C1OwQdUpLZ99vm1McFlLRA=", true,
       "a pbkdf2_sha256 hash of 9000000 iterations (accepted: 1 to 2000000)"},
      {std::nullopt, true, "an empty password"},
      {"", true, "an empty password"},
      {usable_hash, false, "inactive on the original (is_active = 0)"},
  };
  for (const auto& item : cases) {
    auto row = user_row("carol@example.com", item.password);
    row.is_active = item.active;
    const auto verdict = check_original_user(row, now);
    const auto* accepted = std::get_if<accepted_user>(&verdict);
    ASSERT_NE(accepted, nullptr) << item.problem;
    EXPECT_EQ(accepted->login_problem, std::optional<std::string>(item.problem));
    EXPECT_EQ(accepted->account.password_hash, "!") << "no foreign or weak hash is kept";
  }
}

TEST(original_rows, an_account_with_no_is_active_column_is_active_and_one_with_no_join_date_joined_now) {
  original_user row{3, "dave@example.com", usable_hash, std::nullopt, std::nullopt};
  const auto verdict = check_original_user(row, now);
  ASSERT_TRUE(std::holds_alternative<accepted_user>(verdict));
  EXPECT_EQ(std::get<accepted_user>(verdict).login_problem, std::nullopt);
  EXPECT_EQ(std::get<accepted_user>(verdict).account.created_at, now);
  row.date_joined = "yesterday";
  EXPECT_EQ(std::get<accepted_user>(check_original_user(row, now)).account.created_at, now);
}

owners_by_email owners() { return {{"alice@example.com", 11}, {"bob@example.com", 12}}; }

std::string alert_rejection(const original_alert& row) {
  const auto verdict = check_original_alert(row, owners(), now);
  const auto* rejected = std::get_if<rejected_row>(&verdict);
  return rejected ? rejected->reason : "";
}

TEST(original_rows, an_alert_is_stored_as_an_original_route_stores_one) {
  const auto verdict = check_original_alert(original_alert{42, "Alice@EXAMPLE.com", "triggered", "51000.50"},
                                            owners(), now);
  const auto* accepted = std::get_if<imported_alert>(&verdict);
  ASSERT_NE(accepted, nullptr);
  EXPECT_EQ(accepted->id, 42);
  EXPECT_EQ(accepted->user_id, 11) << "owners are matched case-insensitively";
  EXPECT_EQ(accepted->request.symbol, "BTCUSDT");
  EXPECT_EQ(accepted->request.condition, alert_condition::above);
  EXPECT_EQ(accepted->request.target, price::from_units(5'100'050'000'000));
  EXPECT_EQ(accepted->status, alert_status::triggered);
  EXPECT_EQ(accepted->created_at, now);
  for (const std::string status : {"created", "deleted"}) {
    const auto other = check_original_alert(original_alert{1, "bob@example.com", status, "1"}, owners(), now);
    ASSERT_TRUE(std::holds_alternative<imported_alert>(other)) << status;
    EXPECT_EQ(to_string(std::get<imported_alert>(other).status), status);
  }
}

TEST(original_rows, an_alert_that_cannot_work_is_skipped_with_the_reason) {
  EXPECT_EQ(alert_rejection({1, "not-an-email", "created", "1.00"}), "its owner is not an email address");
  EXPECT_EQ(alert_rejection({1, std::nullopt, "created", "1.00"}), "no owner (email is NULL)");
  EXPECT_EQ(alert_rejection({1, "carol@example.com", "created", "1.00"}), "its owner is not an imported account");
  EXPECT_EQ(alert_rejection({1, "bob@example.com", "expired", "1.00"}),
            "its status is not created, triggered or deleted");
  EXPECT_EQ(alert_rejection({1, "bob@example.com", "Created", "1.00"}),
            "its status is not created, triggered or deleted");
  EXPECT_EQ(alert_rejection({1, "bob@example.com", std::nullopt, "1.00"}),
            "its status is not created, triggered or deleted");
  EXPECT_EQ(alert_rejection({1, "bob@example.com", "created", "0.00"}), "its price is zero");
  EXPECT_EQ(alert_rejection({1, "bob@example.com", "created", "-5.00"}), "its price is negative");
  EXPECT_EQ(alert_rejection({1, "bob@example.com", "created", "abc"}),
            "its price is not one pricewatch can hold exactly: Price must be a number.");
  EXPECT_EQ(alert_rejection({1, "bob@example.com", "created", std::nullopt}), "no price (NULL or empty)");
  EXPECT_EQ(alert_rejection({0, "bob@example.com", "created", "1.00"}), "its id is not positive");
  EXPECT_EQ(alert_rejection({-3, "bob@example.com", "created", "1.00"}), "its id is not positive");
}

TEST(original_rows, prices_are_read_exactly) {
  const struct {
    const char* text;
    std::int64_t units;
  } exact[] = {{"51000.00", 5'100'000'000'000},  {"51000", 5'100'000'000'000},   {"0.10000000", 10'000'000},
               {"0.01", 1'000'000},              {"0.00012345", 12'345},         {"51000.0000000000", 5'100'000'000'000},
               {"0.1234567800", 12'345'678},     {"10000000000.00", 1'000'000'000'000'000'000}};
  for (const auto& item : exact) {
    const auto parsed = parse_original_price(item.text);
    ASSERT_TRUE(parsed) << item.text << ": " << parsed.error().message;
    EXPECT_EQ(parsed->units(), item.units) << item.text;
  }
}

TEST(original_rows, prices_pricewatch_cannot_hold_exactly_are_refused) {
  const struct {
    const char* text;
    const char* reason;
  } refused[] = {
      {"0.123456789", "its price is not one pricewatch can hold exactly: Price must have at most 8 decimal places."},
      {"10000000000.01", "its price is not one pricewatch can hold exactly: Price is too large."},
      {"123456789012345680.00000000", "its price is not one pricewatch can hold exactly: Price is too large."},
      {"1e3", "its price is not one pricewatch can hold exactly: Price must be a number."},
      {" 53000", "its price is not one pricewatch can hold exactly: Price must be a number."},
      {"0", "its price is zero"},
      {"0.0000000000", "its price is zero"},
      {"-0.01", "its price is negative"},
      {"", "no price (NULL or empty)"},
  };
  for (const auto& item : refused) {
    const auto parsed = parse_original_price(item.text);
    ASSERT_FALSE(parsed) << item.text;
    EXPECT_EQ(parsed.error().message, item.reason) << item.text;
  }
}

TEST(original_rows, reads_djangos_datetimes_as_utc) {
  const auto base = time_point(std::chrono::sys_days(std::chrono::year(2024) / 3 / 5)) + 14h + 15min + 16s;
  EXPECT_EQ(parse_django_datetime("2024-03-05 14:15:16"), base);
  EXPECT_EQ(parse_django_datetime("2024-03-05T14:15:16"), base);
  EXPECT_EQ(parse_django_datetime("2024-03-05 14:15:16.123456"), base + 123ms);
  EXPECT_EQ(parse_django_datetime("2024-03-05 14:15:16.5"), base + 500ms);
  EXPECT_EQ(parse_django_datetime("2024-03-05 14:15:16.123456+00:00"), base + 123ms);
  EXPECT_EQ(parse_django_datetime("2024-03-05 14:15:16Z"), base);
  for (const char* bad : {"", "2024-03-05", "2024-02-30 00:00:00", "2024-03-05 24:00:00", "2024-03-05 14:15:16.",
                          "2024-03-05 14:15:16.1234567", "2024-03-05 14:15:16,5", "2024/03/05 14:15:16",
                          "2024-03-05 14:15:16+02:00", "x024-03-05 14:15:16"}) {
    EXPECT_EQ(parse_django_datetime(bad), std::nullopt) << bad;
  }
}

}  // namespace
}  // namespace pricewatch
