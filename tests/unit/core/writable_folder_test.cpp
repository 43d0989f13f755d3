// Tests the startup check of the folders pricewatch writes in (a read-only mount is tested end to
// end: tests/e2e/operations_commands_test.cpp).
#include "core/writable_folder.hpp"

#include "temp_directory.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace pricewatch {
namespace {

TEST(writable_folder, a_folder_not_made_yet_is_judged_where_it_would_be_made) {
  test_support::temp_directory directory;
  EXPECT_EQ(unwritable_folder(directory.path()), std::nullopt);
  EXPECT_EQ(unwritable_folder(directory.path() / "var" / "outbox"), std::nullopt);
  EXPECT_FALSE(std::filesystem::exists(directory.path() / "var")) << "checking makes nothing";
}

TEST(writable_folder, a_file_in_the_way_is_named) {
  test_support::temp_directory directory;
  std::ofstream(directory.path() / "var") << "not a folder";
  const auto problem = unwritable_folder(directory.path() / "var" / "outbox");
  ASSERT_TRUE(problem);
  EXPECT_NE(problem->find((directory.path() / "var").string() + " is not a folder"), std::string::npos) << *problem;
}

}  // namespace
}  // namespace pricewatch
