// Tests page arithmetic: reading ?page and ?page_size, pages past the end, and next pages.
#include "alerts/pagination.hpp"

#include <gtest/gtest.h>

namespace pricewatch {
namespace {

TEST(parse_page_request, defaults_to_the_first_page_of_ten) {
  const auto request = parse_page_request(std::nullopt, std::nullopt);
  ASSERT_TRUE(request);
  EXPECT_EQ(request->number, 1);
  EXPECT_EQ(request->size, 10);
  EXPECT_EQ(request->offset(), 0);
}

TEST(parse_page_request, reads_page_and_size) {
  const auto request = parse_page_request("3", "25");
  ASSERT_TRUE(request);
  EXPECT_EQ(request->number, 3);
  EXPECT_EQ(request->size, 25);
  EXPECT_EQ(request->offset(), 50);
  const auto largest = parse_page_request("1", "100");
  ASSERT_TRUE(largest);
  EXPECT_EQ(largest->size, 100);
}

TEST(parse_page_request, an_invalid_page_is_not_found) {
  for (const std::string_view page : {"0", "-1", "abc", "", "1.5", " 1", "2x", "1000000001", "99999999999999999999", "LAST", "last "}) {
    const auto request = parse_page_request(page, std::nullopt);
    ASSERT_FALSE(request) << page;
    EXPECT_EQ(request.error().code, errc::not_found) << page;
    EXPECT_EQ(request.error().message, "Invalid page.") << page;
  }
}

TEST(parse_page_request, an_invalid_page_size_is_a_validation_failure) {
  for (const std::string_view size : {"0", "101", "x", "", "-5", "10.0"}) {
    const auto request = parse_page_request(std::nullopt, size);
    ASSERT_FALSE(request) << size;
    EXPECT_EQ(request.error().code, errc::validation_failed) << size;
    EXPECT_EQ(request.error().message, "page_size must be an integer from 1 to 100.") << size;
  }
}

// Django REST Framework's PageNumberPagination reads ?page=last as the last page.
TEST(parse_page_request, reads_last) {
  const auto request = parse_page_request("last", "5");
  ASSERT_TRUE(request);
  EXPECT_TRUE(request->last);
  EXPECT_EQ(request->size, 5);
}

TEST(resolve_last, gives_the_number_of_the_last_page) {
  page_request last{1, 10};
  last.last = true;
  EXPECT_EQ(resolve_last(last, 0).number, 1);
  EXPECT_EQ(resolve_last(last, 10).number, 1);
  EXPECT_EQ(resolve_last(last, 11).number, 2);
  EXPECT_EQ(resolve_last(last, 23).number, 3);
  EXPECT_FALSE(resolve_last(last, 23).last);
  const page_request third{3, 10};
  EXPECT_EQ(resolve_last(third, 5).number, 3);  // a numbered page stays as asked
}

TEST(check_page_exists, the_first_page_of_an_empty_list_exists) {
  EXPECT_TRUE(check_page_exists(page_request{1, 10}, 0));
}

TEST(check_page_exists, a_page_past_the_end_is_not_found) {
  const auto second = check_page_exists(page_request{2, 10}, 10);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, errc::not_found);
  EXPECT_EQ(second.error().message, "Invalid page.");
  EXPECT_FALSE(check_page_exists(page_request{2, 10}, 0));
  EXPECT_TRUE(check_page_exists(page_request{2, 10}, 11));
  EXPECT_TRUE(check_page_exists(page_request{3, 5}, 11));
  EXPECT_FALSE(check_page_exists(page_request{4, 5}, 15));
}

TEST(has_next_page, is_true_only_when_items_remain) {
  EXPECT_FALSE(has_next_page(page_request{1, 10}, 0));
  EXPECT_FALSE(has_next_page(page_request{1, 10}, 10));
  EXPECT_TRUE(has_next_page(page_request{1, 10}, 11));
  EXPECT_TRUE(has_next_page(page_request{2, 10}, 23));
  EXPECT_FALSE(has_next_page(page_request{3, 10}, 23));
}

}  // namespace
}  // namespace pricewatch
