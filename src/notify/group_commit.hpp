// The delivery workers' outcomes, written to the outbox together. SQLite has one writer: one
// write transaction per delivery made that writer the limit of a storm (docs/benchmarks.md,
// "Channels storm"). Each worker hands its outcomes over and waits until they are stored, as
// before, so a SIGKILL still resends at most the deliveries in flight; whichever worker arrives
// while no write runs writes everything handed over so far, its own and the others', in one
// transaction (notification_store::settle), and the others wake when it is done
// (core/group_writer.hpp). Shared by all the delivery workers of a process.
#pragma once

#include "core/group_writer.hpp"
#include "storage/notification_store.hpp"

#include <span>

namespace pricewatch {

class group_commit {
 public:
  // store outlives the group commit.
  explicit group_commit(notification_store& store)
      : writer_([&store](std::span<const delivery_outcome> outcomes) { store.settle(outcomes); }) {}

  // Returns once outcomes are stored. Throws backend_error when the transaction that held them
  // failed: then none of them is stored (nor any other worker's of that transaction).
  void write(std::span<const delivery_outcome> outcomes) { writer_.write(outcomes); }

 private:
  group_writer<delivery_outcome> writer_;
};

}  // namespace pricewatch
