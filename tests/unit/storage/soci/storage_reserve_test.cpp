// Tests the disk reserve beside an SQLite database: taken for real (allocated blocks, not a sparse
// file), released to free its space, taken again, and sized in whole pages.
#include "storage/soci/storage_reserve.hpp"

#include "temp_directory.hpp"

#include <sys/stat.h>

#include <gtest/gtest.h>

namespace pricewatch::storage {
namespace {

std::uintmax_t allocated_bytes(const std::filesystem::path& file) {
  struct stat status {};
  if (::stat(file.c_str(), &status) != 0) return 0;
  return static_cast<std::uintmax_t>(status.st_blocks) * 512;
}

TEST(storage_reserve, is_taken_with_allocated_blocks_and_released_to_free_them) {
  test_support::temp_directory directory;
  storage_reserve reserve(directory.path() / "db-reserve", 256 * 1024);
  EXPECT_EQ(reserve.bytes(), 256u * 1024);
  EXPECT_FALSE(std::filesystem::exists(reserve.file())) << "constructing takes nothing";
  ASSERT_TRUE(reserve.restore());
  EXPECT_EQ(std::filesystem::file_size(reserve.file()), 256u * 1024);
  EXPECT_GE(allocated_bytes(reserve.file()), 256u * 1024) << "a sparse file would free nothing when released";
  EXPECT_TRUE(reserve.restore()) << "already held";
  EXPECT_TRUE(reserve.release());
  EXPECT_FALSE(std::filesystem::exists(reserve.file()));
  EXPECT_FALSE(reserve.release()) << "nothing left to free";
  EXPECT_TRUE(reserve.restore());
  EXPECT_TRUE(std::filesystem::exists(reserve.file()));
}

TEST(storage_reserve, is_sized_in_whole_pages_and_at_most_an_eighth_of_the_disk) {
  test_support::temp_directory directory;
  const storage_reserve odd(directory.path() / "odd", 10'000);
  EXPECT_EQ(odd.bytes(), 8192u);
  const auto capacity = std::filesystem::space(directory.path()).capacity;
  const storage_reserve huge(directory.path() / "huge", capacity);
  EXPECT_LE(huge.bytes(), capacity / 8);
  EXPECT_GT(huge.bytes(), 0u);
}

}  // namespace
}  // namespace pricewatch::storage
