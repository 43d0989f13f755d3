#include "storage/soci/storage_reserve.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>

namespace pricewatch::storage {
namespace {

std::filesystem::path folder_of(const std::filesystem::path& file) {
  return file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
}

}  // namespace

storage_reserve::storage_reserve(std::filesystem::path file, std::uintmax_t bytes) : file_(std::move(file)) {
  std::error_code error;
  const auto space = std::filesystem::space(folder_of(file_), error);
  bytes_ = error ? bytes : std::min(bytes, space.capacity / 8);
  bytes_ -= bytes_ % 4096;
}

bool storage_reserve::release() {
  std::error_code error;
  return std::filesystem::remove(file_, error) && !error;
}

bool storage_reserve::restore() {
  std::error_code error;
  if (std::filesystem::file_size(file_, error) == bytes_ && !error) return true;
  const auto space = std::filesystem::space(folder_of(file_), error);
  if (error || space.available < 2 * bytes_ || bytes_ == 0) return false;
  // Allocated for real (posix_fallocate), not a sparse file that would take nothing.
  const int descriptor = ::open(file_.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (descriptor < 0) return false;
  const bool allocated = ::posix_fallocate(descriptor, 0, static_cast<off_t>(bytes_)) == 0;
  ::close(descriptor);
  if (!allocated) release();
  return allocated;
}

}  // namespace pricewatch::storage
