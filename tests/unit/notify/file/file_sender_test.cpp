// Tests the .eml file sender: one file per Message-ID, overwritten on retry, failures as text.
#include "notify/file/file_sender.hpp"

#include "temp_directory.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace pricewatch {
namespace {

namespace fs = std::filesystem;

mail_message message(const std::string& message_id, const std::string& subject = "Price Alert: BTCUSDT at 51000.50") {
  return mail_message{"alerts@example.com", "bob@example.org", subject, message_id, "Mon, 21 Sep 2026 14:13:20 +0000",
                      "plain\r\n", "<p>html</p>\r\n", {}};
}

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

std::vector<std::string> names_in(const fs::path& folder) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

TEST(file_sender, writes_the_rendered_message_named_after_its_message_id) {
  const test_support::temp_directory directory;
  file_sender sender(directory.path() / "outbox");
  const auto sent = message("<alert-7@example.com>");
  EXPECT_EQ(sender.send(sent), std::nullopt);
  EXPECT_EQ(names_in(directory.path() / "outbox"), std::vector<std::string>{"alert-7@example.com.eml"});
  EXPECT_EQ(read(directory.path() / "outbox" / "alert-7@example.com.eml"), render_rfc5322(sent));
}

TEST(file_sender, creates_missing_folders) {
  const test_support::temp_directory directory;
  file_sender sender(directory.path() / "var" / "deep" / "outbox");
  EXPECT_EQ(sender.send(message("<alert-1@example.com>")), std::nullopt);
  EXPECT_TRUE(fs::exists(directory.path() / "var" / "deep" / "outbox" / "alert-1@example.com.eml"));
}

TEST(file_sender, a_retry_overwrites_instead_of_duplicating) {
  const test_support::temp_directory directory;
  file_sender sender(directory.path());
  EXPECT_EQ(sender.send(message("<alert-7@example.com>", "first")), std::nullopt);
  EXPECT_EQ(sender.send(message("<alert-7@example.com>", "second")), std::nullopt);
  EXPECT_EQ(sender.send(message("<alert-8@example.com>")), std::nullopt);
  EXPECT_EQ(names_in(directory.path()), (std::vector<std::string>{"alert-7@example.com.eml", "alert-8@example.com.eml"}));
  EXPECT_NE(read(directory.path() / "alert-7@example.com.eml").find("Subject: second\r\n"), std::string::npos);
}

TEST(file_sender, a_hostile_message_id_stays_inside_the_folder) {
  const test_support::temp_directory directory;
  file_sender sender(directory.path() / "outbox");
  EXPECT_EQ(sender.send(message("<../../escape/x y\r\n>")), std::nullopt);
  EXPECT_EQ(names_in(directory.path()), std::vector<std::string>{"outbox"});
  EXPECT_EQ(names_in(directory.path() / "outbox"), std::vector<std::string>{"....escapexy.eml"});
}

TEST(file_sender, reports_a_folder_it_cannot_create) {
  const test_support::temp_directory directory;
  std::ofstream(directory.path() / "blocker") << "a regular file";
  file_sender sender(directory.path() / "blocker" / "outbox");
  const auto error = sender.send(message("<alert-7@example.com>"));
  ASSERT_TRUE(error);
  EXPECT_EQ(error->reason.rfind("cannot create " + (directory.path() / "blocker" / "outbox").string(), 0), 0u)
      << error->reason;
  EXPECT_FALSE(error->permanent) << "an operator can fix the folder: worth retrying";
}

TEST(file_sender, reports_a_folder_that_is_a_file) {
  const test_support::temp_directory directory;
  std::ofstream(directory.path() / "outbox") << "a regular file";
  file_sender sender(directory.path() / "outbox");
  EXPECT_TRUE(sender.send(message("<alert-7@example.com>")));
  EXPECT_EQ(read(directory.path() / "outbox"), "a regular file");
}

}  // namespace
}  // namespace pricewatch
