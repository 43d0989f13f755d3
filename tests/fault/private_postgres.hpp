// A PostgreSQL of one fault test's own, which it may stop, start, pause and resume: started by
// scripts/test-servers.sh with PRICEWATCH_TEST_PORT_OFFSET (its ports are the shared set's plus
// the offset) in a folder of the build, never the shared servers. One test at a time (the fault
// tests run serially).
#pragma once

#include <string>
#include <sys/types.h>
#include <vector>

namespace pricewatch::e2e {

class private_postgres {
 public:
  static constexpr int port_offset = 700;

  // Stops a set left by an earlier run, removes its data and starts PostgreSQL on empty data,
  // with the pricewatch role and database. False when the script failed (its output is printed).
  bool start_fresh();
  // The pricewatch database on it.
  std::string url() const;
  // scripts/test-servers.sh stop-one / start-one: a fast shutdown, then a start on the same data.
  bool stop_server();
  bool start_server();
  // SIGSTOP / SIGCONT to the postmaster and every process it started: connections stay open and
  // nothing answers, as on a server frozen by its host. resume() does nothing when not paused.
  bool pause();
  void resume();
  // Stops the whole private set.
  void stop();

 private:
  bool run(const std::string& command) const;
  std::vector<pid_t> processes() const;
  std::vector<pid_t> paused_;
};

}  // namespace pricewatch::e2e
