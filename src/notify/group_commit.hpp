// The delivery workers' outcomes, written to the outbox together. SQLite has one writer: one
// write transaction per delivery made that writer the limit of a storm (docs/benchmarks.md,
// "Channels storm"). Each worker hands its outcomes over and waits until they are stored, as
// before, so a SIGKILL still resends at most the deliveries in flight; whichever worker arrives
// while no write runs writes everything handed over so far, its own and the others', in one
// transaction (notification_store::settle), and the others wake when it is done.
// Shared by all the delivery workers of a process.
#pragma once

#include "storage/notification_store.hpp"

#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <span>
#include <vector>

namespace pricewatch {

class group_commit {
 public:
  // store outlives the group commit.
  explicit group_commit(notification_store& store) : store_(store) {}

  // Returns once outcomes are stored. Throws backend_error when the transaction that held them
  // failed: then none of them is stored (nor any other worker's of that transaction).
  void write(std::span<const delivery_outcome> outcomes);

 private:
  // The outcomes handed over while a write ran: the next write's.
  struct batch {
    std::vector<delivery_outcome> outcomes;
    bool done = false;
    std::exception_ptr failure;
  };

  notification_store& store_;
  std::mutex mutex_;
  std::condition_variable written_;
  std::shared_ptr<batch> open_;  // collecting; none until someone hands over outcomes
  bool writing_ = false;
};

}  // namespace pricewatch
