// Implementation of small_disk.hpp.
#include "small_disk.hpp"

#include "eventually.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

namespace pricewatch::e2e {
namespace {

std::string as_root(const std::string& command) { return (geteuid() == 0 ? "" : "sudo -n ") + command; }

}  // namespace

small_disk::small_disk(std::string_view size) {
  mounted_ = std::system(as_root("mount -t tmpfs -o size=" + std::string(size) + ",mode=0700 pricewatch-test " +
                                 directory_.path().string())
                             .c_str()) == 0;
}

small_disk::~small_disk() {
  if (!mounted_) return;
  if (std::system(as_root("umount -l " + directory_.path().string()).c_str()) != 0) {
    ADD_FAILURE() << "cannot unmount " << directory_.path();
  }
}

void fill(const std::filesystem::path& file, std::size_t bytes) {
  std::ofstream out(file, std::ios::binary);
  out << std::string(bytes, 'x');
}

space_hog::space_hog(std::filesystem::path file) : file_(std::move(file)) {
  writer_ = std::thread([this] {
    const int descriptor = ::open(file_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (descriptor < 0) return;
    const std::string block(4096, 'x');
    while (!stopping_) {
      if (::write(descriptor, block.data(), block.size()) > 0) continue;
      full_ = true;
      // The pace of a program retrying its writes, not a wait for a condition.
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ::close(descriptor);
  });
}

space_hog::~space_hog() {
  stopping_ = true;
  writer_.join();
  std::error_code ignored;
  std::filesystem::remove(file_, ignored);
}

bool space_hog::full() {
  return eventually([this] { return full_.load(); });
}

}  // namespace pricewatch::e2e
