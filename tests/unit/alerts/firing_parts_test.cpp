// Tests firing_parts (alerts/firing_parts.hpp): the parts a store marks with one statement each.
#include "alerts/firing_parts.hpp"

#include <gtest/gtest.h>

namespace pricewatch {
namespace {

using namespace std::chrono_literals;

const time_point tick{std::chrono::milliseconds(1'796'690'000'000)};

firing at(std::int64_t alert, time_point when, const char* fired_price = "51000") {
  return firing{alert, *price::parse(fired_price), when};
}

// Each part's alert ids, in order.
std::vector<std::vector<std::int64_t>> ids_of(const std::vector<std::span<const firing>>& parts) {
  std::vector<std::vector<std::int64_t>> ids;
  for (const auto part : parts) {
    ids.emplace_back();
    for (const auto& item : part) ids.back().push_back(item.alert_id);
  }
  return ids;
}

TEST(firing_parts, one_tick_is_one_part_in_the_batch_order) {
  const std::vector<firing> batch{at(7, tick), at(3, tick), at(5, tick)};
  EXPECT_EQ(ids_of(firing_parts(batch, 500)), (std::vector<std::vector<std::int64_t>>{{7, 3, 5}}));
}

TEST(firing_parts, a_new_time_or_price_starts_a_part) {
  const std::vector<firing> batch{at(1, tick), at(2, tick), at(3, tick + 1ms), at(4, tick + 1ms, "51001"),
                                  at(5, tick + 1ms, "51001")};
  EXPECT_EQ(ids_of(firing_parts(batch, 500)), (std::vector<std::vector<std::int64_t>>{{1, 2}, {3}, {4, 5}}));
}

TEST(firing_parts, an_alert_firing_again_starts_a_part_so_it_is_judged_after_its_first_firing) {
  const std::vector<firing> batch{at(1, tick), at(2, tick), at(1, tick), at(3, tick)};
  EXPECT_EQ(ids_of(firing_parts(batch, 500)), (std::vector<std::vector<std::int64_t>>{{1, 2}, {1, 3}}));
}

TEST(firing_parts, no_part_is_longer_than_most) {
  std::vector<firing> batch;
  for (std::int64_t alert = 1; alert <= 7; ++alert) batch.push_back(at(alert, tick));
  EXPECT_EQ(ids_of(firing_parts(batch, 3)), (std::vector<std::vector<std::int64_t>>{{1, 2, 3}, {4, 5, 6}, {7}}));
}

TEST(firing_parts, nothing_makes_no_part) { EXPECT_TRUE(firing_parts({}, 500).empty()); }

}  // namespace
}  // namespace pricewatch
