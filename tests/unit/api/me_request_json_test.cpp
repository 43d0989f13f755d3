// Tests reading a PATCH /api/v1/me body: which members change what, what is kept from the stored
// preferences, and the member named in each refusal.
#include "api/me_request_json.hpp"

#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

namespace pricewatch::api {
namespace {

delivery_preferences stored() {
  delivery_preferences preferences;
  preferences.timezone = "Asia/Tokyo";
  preferences.quiet = quiet_hours{22 * 60, 7 * 60};
  preferences.digest = std::chrono::seconds(600);
  return preferences;
}

result<me_changes> read(std::string_view json) { return read_me_changes(boost::json::parse(json).as_object(), stored()); }

std::string refusal(std::string_view json) {
  const auto changes = read(json);
  EXPECT_FALSE(changes) << json;
  if (changes) return {};
  EXPECT_EQ(changes.error().code, errc::validation_failed) << json;
  return changes.error().message;
}

TEST(read_me_changes, changes_nothing_for_an_empty_body_or_the_shown_id_and_email) {
  for (const char* body : {"{}", R"({"id": 7, "email": "me@example.com"})"}) {
    const auto changes = read(body);
    ASSERT_TRUE(changes) << body;
    EXPECT_FALSE(changes->preferences) << body;
    EXPECT_FALSE(changes->default_channels) << body;
  }
}

TEST(read_me_changes, keeps_the_stored_preferences_a_body_does_not_name) {
  const auto changes = read(R"({"timezone": "Europe/Berlin"})");
  ASSERT_TRUE(changes);
  ASSERT_TRUE(changes->preferences);
  EXPECT_EQ(changes->preferences->timezone, "Europe/Berlin");
  EXPECT_EQ(changes->preferences->quiet, (quiet_hours{22 * 60, 7 * 60}));
  EXPECT_EQ(changes->preferences->digest, std::chrono::seconds(600));
  EXPECT_FALSE(changes->default_channels);
}

TEST(read_me_changes, reads_quiet_hours_digest_and_default_channels_together) {
  const auto changes = read(R"({"quiet_hours": {"start": "23:30", "end": "06:15"}, "digest_seconds": 0,
                                "default_channels": [3, 1]})");
  ASSERT_TRUE(changes);
  ASSERT_TRUE(changes->preferences);
  EXPECT_EQ(changes->preferences->timezone, "Asia/Tokyo");
  EXPECT_EQ(changes->preferences->quiet, (quiet_hours{23 * 60 + 30, 6 * 60 + 15}));
  EXPECT_EQ(changes->preferences->digest, std::chrono::seconds(0));
  EXPECT_EQ(changes->default_channels, (std::vector<std::int64_t>{1, 3}));
}

TEST(read_me_changes, null_quiet_hours_ends_them) {
  const auto changes = read(R"({"quiet_hours": null})");
  ASSERT_TRUE(changes);
  ASSERT_TRUE(changes->preferences);
  EXPECT_FALSE(changes->preferences->quiet);
}

TEST(read_me_changes, refuses_each_malformed_member_naming_it) {
  EXPECT_EQ(refusal(R"({"password": "x"})"), "password cannot be changed here.");
  EXPECT_NE(refusal(R"({"timezone": 1})").find("timezone"), std::string::npos);
  EXPECT_NE(refusal(R"({"quiet_hours": {"start": "22:00"}})").find("quiet_hours"), std::string::npos);
  EXPECT_NE(refusal(R"({"quiet_hours": "22:00-07:00"})").find("quiet_hours"), std::string::npos);
  EXPECT_NE(refusal(R"({"quiet_hours": {"start": "24:00", "end": "07:00"}})").find("quiet_hours.start"),
            std::string::npos);
  EXPECT_NE(refusal(R"({"quiet_hours": {"start": "22:00", "end": "7:00"}})").find("quiet_hours.end"), std::string::npos);
  EXPECT_NE(refusal(R"({"digest_seconds": 1.5})").find("digest_seconds"), std::string::npos);
  EXPECT_NE(refusal(R"({"default_channels": "1"})").find("default_channels"), std::string::npos);
}

// Nothing is stored when any member is wrong: the default channels are read before either store.
TEST(read_me_changes, refuses_the_whole_body_when_the_default_channels_are_malformed) {
  EXPECT_NE(refusal(R"({"timezone": "Europe/Berlin", "default_channels": [true]})").find("default_channels"),
            std::string::npos);
}

}  // namespace
}  // namespace pricewatch::api
