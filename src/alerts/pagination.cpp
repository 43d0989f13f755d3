#include "alerts/pagination.hpp"

#include <algorithm>
#include <charconv>

namespace pricewatch {
namespace {

std::optional<std::int64_t> parse_positive(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || value < 1) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

result<page_request> parse_page_request(std::optional<std::string_view> page, std::optional<std::string_view> page_size) {
  page_request request;
  if (page == "last") {
    request.last = true;
  } else if (page) {
    const auto number = parse_positive(*page);
    // Page numbers that large lie past any list; refusing them keeps offset() from overflowing.
    if (!number || *number > 1'000'000'000) {
      return make_failure(errc::not_found, "Invalid page.");
    }
    request.number = *number;
  }
  if (page_size) {
    const auto size = parse_positive(*page_size);
    if (!size || *size > page_request::max_size) {
      return make_failure(errc::validation_failed, "page_size must be an integer from 1 to 100.");
    }
    request.size = *size;
  }
  return request;
}

page_request resolve_last(page_request page, std::int64_t count) {
  if (page.last) {
    page.number = std::max<std::int64_t>(1, (count + page.size - 1) / page.size);
    page.last = false;
  }
  return page;
}

result<void> check_page_exists(const page_request& page, std::int64_t count) {
  if (page.number > 1 && page.offset() >= count) {
    return make_failure(errc::not_found, "Invalid page.");
  }
  return {};
}

bool has_next_page(const page_request& page, std::int64_t count) { return page.offset() + page.size < count; }

}  // namespace pricewatch
