// Runs blocking work on another executor (a thread pool) and resumes the awaiting coroutine on
// its own executor with the result, or rethrows there what the work threw. blocking_pool uses
// it; the watcher takes such an executor, so that tests run its database work inline.
#pragma once

#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <exception>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

namespace pricewatch {

// What a job gave: its value, or the exception it threw (then no value). Run on the pool.
template <class Job>
std::pair<std::optional<std::invoke_result_t<Job&>>, std::exception_ptr> outcome_of(Job& job) {
  try {
    return {job(), nullptr};
  } catch (...) {
    return {std::nullopt, std::current_exception()};
  }
}

template <class Executor, class Work>
boost::asio::awaitable<std::invoke_result_t<Work&>> run_on(Executor executor, Work work) {
  using value_type = std::invoke_result_t<Work&>;
  static_assert(!std::is_void_v<value_type>, "return a value from blocking work");
  auto initiate = [executor](auto handler, Work job) {
    boost::asio::post(executor, [handler = std::move(handler), job = std::move(job)]() mutable {
      auto home = boost::asio::get_associated_executor(handler);
      boost::asio::dispatch(home, [handler = std::move(handler), done = outcome_of(job)]() mutable {
        std::move(handler)(done.second, done.first ? std::move(*done.first) : value_type{});
      });
    });
  };
  co_return co_await boost::asio::async_initiate<const boost::asio::use_awaitable_t<>&,
                                                 void(std::exception_ptr, value_type)>(
      initiate, boost::asio::use_awaitable, std::move(work));
}

// Like run_on, but waits `limit` at most: nullopt then, while the work goes on and its result,
// whenever it comes, is dropped (a database that stopped answering holds a pool thread, not the
// request). The work must own what it uses, as it may outlive the awaiting coroutine; and the
// coroutine must run on a strand (or one thread): the deadline and the result meet there, and
// whichever comes first resumes it.
template <class Executor, class Work>
boost::asio::awaitable<std::optional<std::invoke_result_t<Work&>>> run_on_until(Executor executor, Work work,
                                                                               std::chrono::steady_clock::duration limit) {
  using value_type = std::invoke_result_t<Work&>;
  using answer = std::optional<value_type>;
  auto initiate = [executor, limit](auto handler, Work job) {
    using handler_type = decltype(handler);
    struct meeting {  // touched on the awaiting coroutine's executor only
      meeting(boost::asio::any_io_executor home, handler_type waiting) : deadline(std::move(home)), handler(std::move(waiting)) {}
      boost::asio::steady_timer deadline;
      std::optional<handler_type> handler;  // empty once resumed
      void resume(std::exception_ptr error, answer value) {
        if (!handler) return;  // the other came first
        auto waiting = std::move(*handler);
        handler.reset();
        deadline.cancel();
        std::move(waiting)(error, std::move(value));
      }
    };
    const boost::asio::any_io_executor home = boost::asio::get_associated_executor(handler);
    const auto shared = std::make_shared<meeting>(home, std::move(handler));
    shared->deadline.expires_after(limit);
    shared->deadline.async_wait([shared](boost::system::error_code) { shared->resume(nullptr, std::nullopt); });
    boost::asio::post(executor, [shared, home, job = std::move(job)]() mutable {
      boost::asio::dispatch(home, [shared, done = outcome_of(job)]() mutable {
        shared->resume(done.second, std::move(done.first));
      });
    });
  };
  co_return co_await boost::asio::async_initiate<const boost::asio::use_awaitable_t<>&, void(std::exception_ptr, answer)>(
      initiate, boost::asio::use_awaitable, std::move(work));
}

}  // namespace pricewatch
