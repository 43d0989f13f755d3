// What the memory benchmarks read around building a book: the resident set and malloc's bytes in use.
#pragma once

#include <malloc.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <fstream>

namespace pricewatch::bench {

// The resident set (/proc/self/statm): touched pages, including memory malloc freed but kept.
inline std::size_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t total_pages = 0;
  std::size_t resident_pages = 0;
  statm >> total_pages >> resident_pages;
  return resident_pages * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
}

// Bytes malloc has handed out and not had back: small chunks in use plus mmapped large ones.
inline std::size_t heap_in_use() {
  const auto info = mallinfo2();
  return info.uordblks + info.hblkhd;
}

inline double per_alert(std::size_t after, std::size_t before, std::int64_t n) {
  return after < before ? 0.0 : static_cast<double>(after - before) / static_cast<double>(n);
}

}  // namespace pricewatch::bench
