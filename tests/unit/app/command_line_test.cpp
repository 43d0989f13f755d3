// Tests the command line of import-original: its URL, --merge, configuration flags after it, and
// a missing URL.
#include "app/command_line.hpp"

#include "app/version.hpp"

#include <gtest/gtest.h>

#include <string>
#include <variant>
#include <vector>

namespace pricewatch {
namespace {

std::variant<command_line, int> parse(std::vector<std::string> arguments) {
  arguments.insert(arguments.begin(), "pricewatch");
  std::vector<char*> argv;
  for (auto& argument : arguments) argv.push_back(argument.data());
  return parse_command_line(static_cast<int>(argv.size()), argv.data(), {});
}

TEST(command_line, import_original_takes_the_originals_url_and_merge) {
  const auto parsed = parse({"import-original", "mysql://django:secret@127.0.0.1:3306/original"});
  ASSERT_TRUE(std::holds_alternative<command_line>(parsed));
  const auto& line = std::get<command_line>(parsed);
  EXPECT_EQ(line.what, command::import_original);
  EXPECT_EQ(line.import.source_url, "mysql://django:secret@127.0.0.1:3306/original");
  EXPECT_FALSE(line.import.merge);

  const auto merged = parse({"import-original", "--merge", "sqlite://original.db", "--database-url", "sqlite://x.db"});
  ASSERT_TRUE(std::holds_alternative<command_line>(merged));
  EXPECT_TRUE(std::get<command_line>(merged).import.merge);
  EXPECT_EQ(std::get<command_line>(merged).import.source_url, "sqlite://original.db");
  EXPECT_EQ(std::get<command_line>(merged).sources.flags.at("database.url"), "sqlite://x.db");
}

TEST(command_line, import_original_without_a_url_is_a_usage_error) {
  testing::internal::CaptureStderr();
  const auto parsed = parse({"import-original"});
  const std::string printed = testing::internal::GetCapturedStderr();
  ASSERT_TRUE(std::holds_alternative<int>(parsed));
  EXPECT_NE(std::get<int>(parsed), 0);
  EXPECT_NE(printed.find("URL is required"), std::string::npos) << printed;
}

TEST(command_line, serve_and_migrate_stay_as_they_were) {
  EXPECT_EQ(std::get<command_line>(parse({})).what, command::serve);
  EXPECT_EQ(std::get<command_line>(parse({"serve"})).what, command::serve);
  EXPECT_EQ(std::get<command_line>(parse({"migrate"})).what, command::migrate);
}

TEST(command_line, mail_test_takes_an_address_and_configuration_flags) {
  const auto parsed = parse({"mail", "test", "me@example.com", "--mail-url", "smtp://127.0.0.1:2525"});
  ASSERT_TRUE(std::holds_alternative<command_line>(parsed));
  EXPECT_EQ(std::get<command_line>(parsed).what, command::mail_test);
  EXPECT_EQ(std::get<command_line>(parsed).argument, "me@example.com");
  EXPECT_EQ(std::get<command_line>(parsed).sources.flags.at("mail.url"), "smtp://127.0.0.1:2525");

  testing::internal::CaptureStderr();
  const auto missing = parse({"mail", "test"});
  const std::string printed = testing::internal::GetCapturedStderr();
  ASSERT_TRUE(std::holds_alternative<int>(missing));
  EXPECT_NE(printed.find("ADDRESS is required"), std::string::npos) << printed;
}

TEST(command_line, backup_takes_the_file_to_write) {
  const auto parsed = parse({"backup", "/srv/backups/pricewatch.db"});
  ASSERT_TRUE(std::holds_alternative<command_line>(parsed));
  EXPECT_EQ(std::get<command_line>(parsed).what, command::backup);
  EXPECT_EQ(std::get<command_line>(parsed).argument, "/srv/backups/pricewatch.db");
}

TEST(command_line, version_prints_the_project_version_and_exits_0) {
  testing::internal::CaptureStdout();
  const auto parsed = parse({"--version"});
  const std::string printed = testing::internal::GetCapturedStdout();
  ASSERT_TRUE(std::holds_alternative<int>(parsed));
  EXPECT_EQ(std::get<int>(parsed), 0);
  EXPECT_EQ(printed, "pricewatch " + std::string(version_text()) + "\n");
  EXPECT_TRUE(version_text().starts_with("0.1.0")) << version_text();
}

}  // namespace
}  // namespace pricewatch
