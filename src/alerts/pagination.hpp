// Page arithmetic shared by every list: pages count from 1, "last" is the last page, and a page
// past the end is not found (DESIGN.md section 3.3).
#pragma once

#include "core/failure.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace pricewatch {

// /api/v1 lists newest first; the original routes listed oldest first (ORIGINAL_API.md).
enum class list_order { newest_first, oldest_first };

struct page_request {
  std::int64_t number = 1;
  std::int64_t size = 10;
  // ?page=last, as Django REST Framework's pagination reads it: number is set by resolve_last
  // once the count is known.
  bool last = false;
  list_order order = list_order::newest_first;

  static constexpr std::int64_t default_size = 10;
  static constexpr std::int64_t max_size = 100;

  std::int64_t offset() const { return (number - 1) * size; }
};

// Reads ?page= and ?page_size= as given (absent = nullopt). A page that is neither a positive
// integer nor "last" is not_found ("Invalid page.", as the original); a page_size outside 1..100
// is validation_failed.
result<page_request> parse_page_request(std::optional<std::string_view> page, std::optional<std::string_view> page_size);

// The page with a "last" turned into the number of the last page of count entries (1 for none).
page_request resolve_last(page_request page, std::int64_t count);

// not_found when page lies past the last page; the first page of an empty list exists.
result<void> check_page_exists(const page_request& page, std::int64_t count);

bool has_next_page(const page_request& page, std::int64_t count);

}  // namespace pricewatch
