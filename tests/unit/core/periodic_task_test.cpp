// Tests one round of a periodic task as its thread runs it: a failing round is reported, not
// thrown, and the next one runs as usual. (Its thread is exercised by the service's tests.)
#include "core/periodic_task.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace pricewatch {
namespace {

TEST(periodic_task, a_round_that_throws_is_reported_and_the_next_runs) {
  int rounds = 0;
  periodic_task task("test task", std::chrono::milliseconds(10), [&] {
    if (++rounds == 1) throw std::runtime_error("database is away");
  });
  EXPECT_FALSE(task.run_round());
  EXPECT_TRUE(task.run_round());
  EXPECT_EQ(rounds, 2);
}

}  // namespace
}  // namespace pricewatch
