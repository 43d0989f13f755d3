// A fixed number of threads for work that blocks (SOCI, Argon2id hashing, later libcurl, hiredis
// and rabbitmq-c), so that it never runs on the I/O threads (STYLE.md point 4). Thread-safe.
#pragma once

#include "core/run_on.hpp"

#include <boost/asio/thread_pool.hpp>

namespace pricewatch {

class blocking_pool {
 public:
  explicit blocking_pool(std::size_t threads) : pool_(threads) {}

  // Runs work() on a pool thread and resumes the awaiting coroutine on its own executor with the
  // result, or rethrows there what work() threw.
  template <class Work>
  boost::asio::awaitable<std::invoke_result_t<Work&>> run(Work work) {
    return run_on(pool_.get_executor(), std::move(work));
  }

  // The same, waiting `limit` at most (run_on_until): nullopt then.
  template <class Work>
  boost::asio::awaitable<std::optional<std::invoke_result_t<Work&>>> run_until(Work work,
                                                                             std::chrono::steady_clock::duration limit) {
    return run_on_until(pool_.get_executor(), std::move(work), limit);
  }

  // Waits for queued work to finish, then joins the threads.
  void join() { pool_.join(); }

  // For work that is posted and forgotten rather than awaited.
  friend boost::asio::thread_pool::executor_type pool_executor(blocking_pool& pool) { return pool.pool_.get_executor(); }

 private:
  boost::asio::thread_pool pool_;
};

}  // namespace pricewatch
