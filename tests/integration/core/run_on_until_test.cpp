// run_on_until (core/run_on.hpp): blocking work on a thread pool with a deadline for the awaiting
// coroutine, as the HTTP server runs a request's database work: the result in time, nothing past
// the deadline while the work goes on (its late result dropped safely), and the work's exception.
// Real threads and a real clock, so it lives with the integration tests.
#include "core/run_on.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <atomic>
#include <latch>
#include <optional>
#include <string>
#include <stdexcept>

namespace pricewatch {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

// Runs `body` as a coroutine on a strand of `io` until it ends. The io_context outlives the
// pool's work, as the server's does (a late result is handed over on it).
template <class Body>
void run_coroutine(asio::io_context& io, Body body) {
  asio::co_spawn(asio::make_strand(io), std::move(body), [](std::exception_ptr failure) {
    if (failure) std::rethrow_exception(failure);
  });
  io.run();
}

TEST(run_on_until, hands_over_the_result_of_work_done_in_time) {
  asio::io_context io;
  asio::thread_pool pool(1);
  std::optional<int> got;
  run_coroutine(io, [&]() -> asio::awaitable<void> {
    got = co_await run_on_until(pool.get_executor(), [] { return 42; }, 10s);
  });
  EXPECT_EQ(got, 42);
}

TEST(run_on_until, stops_waiting_at_the_deadline_while_the_work_goes_on) {
  asio::io_context io;
  asio::thread_pool pool(1);
  std::latch release(1);
  std::atomic<bool> finished{false};
  std::optional<int> got = 0;
  std::chrono::steady_clock::duration waited{};
  run_coroutine(io, [&]() -> asio::awaitable<void> {
    const auto started = std::chrono::steady_clock::now();
    got = co_await run_on_until(pool.get_executor(), [&] {
      release.wait();  // a database that stopped answering
      finished = true;
      return 7;
    }, 100ms);
    waited = std::chrono::steady_clock::now() - started;
  });
  EXPECT_FALSE(got.has_value());
  EXPECT_GE(waited, 100ms);
  EXPECT_LT(waited, 5s);
  EXPECT_FALSE(finished);
  release.count_down();  // the backend answers after all: its result has nobody to go to
  pool.join();
  EXPECT_TRUE(finished);
  io.restart();
  io.run();  // the dropped handover
}

TEST(run_on_until, rethrows_what_the_work_threw) {
  asio::io_context io;
  asio::thread_pool pool(1);
  bool caught = false;
  run_coroutine(io, [&]() -> asio::awaitable<void> {
    try {
      co_await run_on_until(pool.get_executor(), []() -> int { throw std::runtime_error("refused"); }, 10s);
    } catch (const std::runtime_error& failure) {
      caught = std::string(failure.what()) == "refused";
    }
  });
  EXPECT_TRUE(caught);
}

}  // namespace
}  // namespace pricewatch
