#include "notify/group_commit.hpp"

namespace pricewatch {

void group_commit::write(std::span<const delivery_outcome> outcomes) {
  if (outcomes.empty()) return;
  std::unique_lock lock(mutex_);
  if (!open_) open_ = std::make_shared<batch>();
  const auto mine = open_;
  mine->outcomes.insert(mine->outcomes.end(), outcomes.begin(), outcomes.end());
  // Either another worker writes this batch meanwhile, or this one does once no write runs.
  written_.wait(lock, [&] { return mine->done || !writing_; });
  if (!mine->done) {
    writing_ = true;
    open_.reset();  // whoever comes now collects the next batch
    lock.unlock();
    std::exception_ptr failure;
    try {
      store_.settle(mine->outcomes);
    } catch (...) {
      failure = std::current_exception();
    }
    lock.lock();
    mine->done = true;
    mine->failure = failure;
    writing_ = false;
    written_.notify_all();
  }
  if (mine->failure) std::rethrow_exception(mine->failure);
}

}  // namespace pricewatch
