// A real small filesystem for the full-disk tests: a tmpfs mounted on a fresh directory (make test
// runs as root, or through password-less sudo), and files that take its room.
#pragma once

#include "e2e_fixture.hpp"

#include <cstddef>
#include <atomic>
#include <filesystem>
#include <thread>
#include <string_view>

namespace pricewatch::e2e {

class small_disk {
 public:
  // Mounts a tmpfs of that size ("2m"); mounted() says whether it worked.
  explicit small_disk(std::string_view size);
  // Unmounts it (lazily, should a process still hold a file), recording a failure if it cannot.
  ~small_disk();
  small_disk(const small_disk&) = delete;
  small_disk& operator=(const small_disk&) = delete;

  bool mounted() const { return mounted_; }
  const std::filesystem::path& path() const { return directory_.path(); }

 private:
  temp_directory directory_;
  bool mounted_ = false;
};

// Writes a file of that many bytes.
void fill(const std::filesystem::path& file, std::size_t bytes);

// Another program filling the disk: a thread that writes the file whenever the disk has room,
// from full() on, until destroyed (which removes the file). Whatever space anyone frees is gone
// again at once, so the disk stays full however much a database gives back.
class space_hog {
 public:
  explicit space_hog(std::filesystem::path file);
  ~space_hog();
  space_hog(const space_hog&) = delete;
  space_hog& operator=(const space_hog&) = delete;

  // Waits until a write has found the disk full; false after 10 s.
  bool full();

 private:
  std::filesystem::path file_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> full_{false};
  std::thread writer_;
};

}  // namespace pricewatch::e2e
