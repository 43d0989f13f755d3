#include "core/writable_folder.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace pricewatch {

std::optional<std::string> unwritable_folder(const std::filesystem::path& folder) {
  std::error_code error;
  auto existing = std::filesystem::absolute(folder, error);
  if (error) return std::nullopt;  // no working directory: the caller's own open will say so
  existing = existing.lexically_normal();
  while (!std::filesystem::exists(existing, error) && existing.has_relative_path()) existing = existing.parent_path();
  if (!std::filesystem::is_directory(existing, error)) {
    return existing.string() + " is not a folder, so " + folder.string() + " cannot be made";
  }
  // access() asks the kernel with the process's real ids: a read-only mount answers EROFS even to root.
  if (::access(existing.c_str(), W_OK | X_OK) != 0) {
    return existing.string() + " is not writable: " + std::strerror(errno);
  }
  return std::nullopt;
}

}  // namespace pricewatch
