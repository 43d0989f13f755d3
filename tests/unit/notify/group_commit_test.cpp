// Tests the group commit on one thread (tests/integration/notify/delivery_race_test.cpp runs it
// on several): what a worker hands over is stored in one settle, and a refused write throws to
// the worker with nothing of it stored.
#include "notify/group_commit.hpp"

#include "core/backend_error.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace pricewatch {
namespace {

// An outbox that only records what settle() was given, and refuses it when asked.
class settle_log final : public notification_store {
 public:
  std::vector<std::vector<delivery_outcome>> settled;
  bool refusing = false;

  void settle(std::span<const delivery_outcome> outcomes) override {
    if (refusing) throw backend_error("database", "database or disk is full");
    settled.emplace_back(outcomes.begin(), outcomes.end());
  }
  std::vector<notification> claim_due(time_point, std::size_t, std::chrono::seconds,
                                      std::optional<channel_type>) override {
    return {};
  }
  std::optional<notification> claim(std::int64_t, std::int64_t, time_point, std::chrono::seconds) override {
    return std::nullopt;
  }
  void release(std::span<const std::int64_t>, time_point) override {}
  void mark_sent(std::int64_t, std::int64_t, time_point) override {}
  void mark_saved(std::int64_t, std::int64_t, time_point) override {}
  void schedule_retry(std::int64_t, std::int64_t, time_point, const std::string&) override {}
  void hold(std::int64_t, std::int64_t, time_point) override {}
  void mark_failed(std::int64_t, std::int64_t, const std::string&) override {}
  std::optional<time_point> next_due(std::optional<channel_type>) override { return std::nullopt; }
  void make_pending_due(time_point) override {}
  std::map<notification_status, std::int64_t> count_by_status() override { return {}; }
};

std::vector<delivery_outcome> sent(std::vector<std::int64_t> ids) {
  std::vector<delivery_outcome> outcomes;
  for (const auto id : ids) outcomes.push_back({delivery_outcome::kind::sent, id, 1, time_point{}, {}});
  return outcomes;
}

TEST(group_commit, a_lone_worker_writes_its_outcomes_in_one_settle_before_it_returns) {
  settle_log store;
  group_commit outcomes(store);
  outcomes.write(sent({1, 2, 3}));
  ASSERT_EQ(store.settled.size(), 1u);
  EXPECT_EQ(store.settled[0].size(), 3u);
  outcomes.write(sent({4}));
  ASSERT_EQ(store.settled.size(), 2u);
  EXPECT_EQ(store.settled[1][0].id, 4);
}

TEST(group_commit, nothing_to_write_writes_nothing) {
  settle_log store;
  group_commit outcomes(store);
  outcomes.write({});
  EXPECT_TRUE(store.settled.empty());
}

TEST(group_commit, a_refused_write_throws_and_the_next_one_starts_afresh) {
  settle_log store;
  group_commit outcomes(store);
  store.refusing = true;
  EXPECT_THROW(outcomes.write(sent({1})), backend_error);
  store.refusing = false;
  outcomes.write(sent({2}));
  ASSERT_EQ(store.settled.size(), 1u);
  ASSERT_EQ(store.settled[0].size(), 1u) << "the refused outcome is the worker's to keep, not the next write's";
  EXPECT_EQ(store.settled[0][0].id, 2);
}

}  // namespace
}  // namespace pricewatch
