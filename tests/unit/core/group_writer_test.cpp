// Tests the group commit's bookkeeping (core/commit_batches.hpp) by playing several callers'
// turns on one thread, and the group writer (core/group_writer.hpp) as a lone caller sees it:
// what arrives while a write runs goes into the next write, whole; each caller gets its own
// items' outcomes, in order; a refused write is the failure of every item in it, and only those.
// tests/integration/alerts/alert_service_test.cpp (concurrent creations) and notify/delivery_race_test.cpp run it on
// real threads.
#include "core/commit_batches.hpp"
#include "core/group_writer.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace pricewatch {
namespace {

using batches = commit_batches<int, std::string>;

std::vector<std::string> as_text(std::span<const int> items) {
  std::vector<std::string> outcomes;
  for (const auto item : items) outcomes.push_back("stored " + std::to_string(item));
  return outcomes;
}

TEST(commit_batches, the_first_caller_writes_at_once_and_gets_its_own_outcomes) {
  batches group;
  const int items[] = {1, 2};
  const auto mine = group.hand_over(items);
  ASSERT_FALSE(group.must_wait(mine));
  ASSERT_TRUE(group.must_write(mine));
  auto& batch = group.start(mine);
  EXPECT_EQ(batch.items, (std::vector<int>{1, 2}));
  group.finish(batch, as_text(batch.items), nullptr);
  EXPECT_EQ(batches::take_outcomes(mine), (std::vector<std::string>{"stored 1", "stored 2"}));
  EXPECT_FALSE(group.writing());
}

TEST(commit_batches, callers_arriving_during_a_write_wait_and_the_first_of_them_writes_all_of_theirs_at_once) {
  batches group;
  const auto first = group.hand_over(1);
  auto& first_batch = group.start(first);
  // Two more arrive while the first write runs: they wait, in one batch of their own.
  const auto second = group.hand_over(2);
  const int more[] = {3, 4};
  const auto third = group.hand_over(more);
  EXPECT_TRUE(group.must_wait(second));
  EXPECT_TRUE(group.must_wait(third));
  EXPECT_EQ(first_batch.items, std::vector<int>{1}) << "a batch being written takes nothing more";
  group.finish(first_batch, as_text(first_batch.items), nullptr);
  EXPECT_EQ(batches::take_outcomes(first), std::vector<std::string>{"stored 1"});

  // Whichever of them wakes first writes both; the other finds its items stored.
  ASSERT_TRUE(group.must_write(third));
  auto& next = group.start(third);
  EXPECT_EQ(next.items, (std::vector<int>{2, 3, 4}));
  EXPECT_FALSE(group.must_write(second)) << "one write at a time";
  EXPECT_TRUE(group.must_wait(second));
  group.finish(next, as_text(next.items), nullptr);
  EXPECT_FALSE(group.must_wait(second));
  EXPECT_FALSE(group.must_write(second)) << "its items were written by the other caller";
  EXPECT_EQ(batches::take_outcomes(second), std::vector<std::string>{"stored 2"});
  EXPECT_EQ(batches::take_outcomes(third), (std::vector<std::string>{"stored 3", "stored 4"}));
}

TEST(commit_batches, a_refused_write_fails_every_caller_of_its_batch_and_no_later_one) {
  batches group;
  const auto first = group.hand_over(1);
  auto& refused = group.start(first);
  const auto later = group.hand_over(2);
  group.finish(refused, {}, std::make_exception_ptr(std::runtime_error("disk full")));
  EXPECT_THROW(batches::take_outcomes(first), std::runtime_error);
  ASSERT_TRUE(group.must_write(later)) << "the next batch starts afresh";
  auto& next = group.start(later);
  EXPECT_EQ(next.items, std::vector<int>{2});
  group.finish(next, as_text(next.items), nullptr);
  EXPECT_EQ(batches::take_outcomes(later), std::vector<std::string>{"stored 2"});
}

TEST(commit_batches, a_write_that_returns_too_few_outcomes_is_a_failure_not_a_wrong_answer) {
  batches group;
  const int items[] = {1, 2};
  const auto mine = group.hand_over(items);
  auto& batch = group.start(mine);
  group.finish(batch, {"stored 1"}, nullptr);
  EXPECT_THROW(batches::take_outcomes(mine), std::logic_error);
}

TEST(group_writer, a_lone_caller_writes_its_items_in_one_call_and_gets_their_outcomes) {
  std::vector<std::vector<int>> calls;
  group_writer<int, std::string> writer([&](std::span<const int> items) {
    calls.emplace_back(items.begin(), items.end());
    return as_text(items);
  });
  const int items[] = {5, 6};
  EXPECT_EQ(writer.write(items), (std::vector<std::string>{"stored 5", "stored 6"}));
  EXPECT_EQ(writer.write_one(7), "stored 7");
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[1], std::vector<int>{7});
  EXPECT_TRUE(writer.write({}).empty());
  EXPECT_EQ(calls.size(), 2u) << "nothing to write writes nothing";
}

TEST(group_writer, a_refused_write_throws_to_its_caller_and_the_next_one_starts_afresh) {
  bool refusing = true;
  std::vector<int> stored;
  group_writer<int> writer([&](std::span<const int> items) {
    if (refusing) throw std::runtime_error("database or disk is full");
    stored.insert(stored.end(), items.begin(), items.end());
  });
  const int first[] = {1};
  EXPECT_THROW(writer.write(first), std::runtime_error);
  refusing = false;
  const int second[] = {2};
  writer.write(second);
  EXPECT_EQ(stored, std::vector<int>{2}) << "the refused item is its caller's to keep, not the next write's";
}

}  // namespace
}  // namespace pricewatch
