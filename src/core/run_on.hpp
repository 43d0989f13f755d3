// Runs blocking work on another executor (a thread pool) and resumes the awaiting coroutine on
// its own executor with the result, or rethrows there what the work threw. blocking_pool uses
// it; the watcher takes such an executor, so that tests run its database work inline.
#pragma once

#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <exception>
#include <optional>
#include <type_traits>

namespace pricewatch {

template <class Executor, class Work>
boost::asio::awaitable<std::invoke_result_t<Work&>> run_on(Executor executor, Work work) {
  using value_type = std::invoke_result_t<Work&>;
  static_assert(!std::is_void_v<value_type>, "return a value from blocking work");
  auto initiate = [executor](auto handler, Work job) {
    boost::asio::post(executor, [handler = std::move(handler), job = std::move(job)]() mutable {
      std::exception_ptr error;
      std::optional<value_type> value;
      try {
        value.emplace(job());
      } catch (...) {
        error = std::current_exception();
      }
      auto home = boost::asio::get_associated_executor(handler);
      boost::asio::dispatch(home, [handler = std::move(handler), error, value = std::move(value)]() mutable {
        std::move(handler)(error, value ? std::move(*value) : value_type{});
      });
    });
  };
  co_return co_await boost::asio::async_initiate<const boost::asio::use_awaitable_t<>&,
                                                 void(std::exception_ptr, value_type)>(
      initiate, boost::asio::use_awaitable, std::move(work));
}

}  // namespace pricewatch
