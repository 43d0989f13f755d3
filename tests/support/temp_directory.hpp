// A fresh directory under the system temp folder for one test (or one service), removed with its
// contents after. The one temp directory of every kind of test.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>

namespace pricewatch::test_support {

class temp_directory {
 public:
  temp_directory() {
    std::string pattern = (std::filesystem::temp_directory_path() / "pricewatch-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      throw std::runtime_error("mkdtemp failed for " + pattern);
    }
    path_ = pattern;
  }
  ~temp_directory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  temp_directory(const temp_directory&) = delete;
  temp_directory& operator=(const temp_directory&) = delete;

  const std::filesystem::path& path() const { return path_; }

  // A database URL for a SQLite file inside this directory.
  std::string sqlite_url(const std::string& file_name = "t.db") const { return "sqlite://" + (path_ / file_name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace pricewatch::test_support
