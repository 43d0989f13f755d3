// Which channel type each delivery worker serves: a lane per type where the queue sorts rows by
// type, so that a slow mail server never holds a webhook back; every type per worker where it
// cannot.
#include "notify/delivery_lanes.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace pricewatch {
namespace {

std::size_t workers_of(const std::vector<std::optional<channel_type>>& lanes, std::optional<channel_type> type) {
  return static_cast<std::size_t>(std::count(lanes.begin(), lanes.end(), type));
}

TEST(delivery_lanes, by_type_gives_email_its_mail_connections_and_every_other_type_its_own_workers) {
  const auto lanes = delivery_lanes(true, 2, 3);
  EXPECT_EQ(lanes.size(), 2u + 5u * 3u);
  EXPECT_EQ(workers_of(lanes, channel_type::email), 2u);
  for (const auto type : {channel_type::webhook, channel_type::telegram, channel_type::discord, channel_type::slack,
                          channel_type::ntfy}) {
    EXPECT_EQ(workers_of(lanes, type), 3u) << to_string(type);
  }
  EXPECT_EQ(workers_of(lanes, std::nullopt), 0u);
}

TEST(delivery_lanes, a_queue_that_cannot_sort_gets_mail_connections_workers_of_every_type) {
  const auto lanes = delivery_lanes(false, 4, 3);
  EXPECT_EQ(lanes.size(), 4u);
  EXPECT_EQ(workers_of(lanes, std::nullopt), 4u);
}

}  // namespace
}  // namespace pricewatch
