// A fixed number of threads for work that blocks (SOCI, Argon2id hashing, later libcurl, hiredis
// and rabbitmq-c), so that it never runs on the I/O threads (STYLE.md point 4). Thread-safe.
#pragma once

#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <exception>
#include <optional>
#include <type_traits>

namespace pricewatch {

class blocking_pool {
 public:
  explicit blocking_pool(std::size_t threads) : pool_(threads) {}

  // Runs work() on a pool thread and resumes the awaiting coroutine on its own executor with the
  // result, or rethrows there what work() threw.
  template <class Work>
  boost::asio::awaitable<std::invoke_result_t<Work&>> run(Work work) {
    using value_type = std::invoke_result_t<Work&>;
    static_assert(!std::is_void_v<value_type>, "return a value from blocking work");
    auto initiate = [this](auto handler, Work job) {
      boost::asio::post(pool_, [handler = std::move(handler), job = std::move(job)]() mutable {
        std::exception_ptr error;
        std::optional<value_type> value;
        try {
          value.emplace(job());
        } catch (...) {
          error = std::current_exception();
        }
        auto executor = boost::asio::get_associated_executor(handler);
        boost::asio::dispatch(executor, [handler = std::move(handler), error, value = std::move(value)]() mutable {
          std::move(handler)(error, value ? std::move(*value) : value_type{});
        });
      });
    };
    co_return co_await boost::asio::async_initiate<const boost::asio::use_awaitable_t<>&,
                                                   void(std::exception_ptr, value_type)>(
        initiate, boost::asio::use_awaitable, std::move(work));
  }

  // Waits for queued work to finish, then joins the threads.
  void join() { pool_.join(); }

  // For work that is posted and forgotten rather than awaited.
  friend boost::asio::thread_pool::executor_type pool_executor(blocking_pool& pool) { return pool.pool_.get_executor(); }

 private:
  boost::asio::thread_pool pool_;
};

}  // namespace pricewatch
