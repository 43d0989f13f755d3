// A server of one fault test's own (PostgreSQL, MariaDB, Redis or RabbitMQ), which it may stop,
// start, pause and resume: started by scripts/test-servers.sh with PRICEWATCH_TEST_PORT_OFFSET
// (its ports are the shared set's plus the offset) in a folder of the build, never the shared
// servers. One test at a time (the fault tests run serially); a test may start several, one
// start_fresh() and the others start_server() beside it, all in the same folder.
#pragma once

#include <string>
#include <sys/types.h>
#include <vector>

namespace pricewatch::e2e {

class private_server {
 public:
  static constexpr int port_offset = 700;

  // name: "postgres", "mariadb", "redis" or "rabbitmq", as scripts/test-servers.sh names them.
  explicit private_server(std::string name) : name_(std::move(name)) {}

  // Stops a set left by an earlier run, removes its data and starts the server on empty data,
  // with the pricewatch user and database. False when the script failed (its output is printed).
  bool start_fresh();
  // The server as pricewatch's setting names it: the pricewatch database (database.url), Redis
  // database 0 (cache.url), RabbitMQ's default vhost (queue.url).
  std::string url() const;
  // scripts/test-servers.sh stop-one / start-one: a fast shutdown; a start on the same data (on
  // empty data the first time, beside the set that start_fresh() began).
  bool stop_server();
  bool start_server();
  // SIGSTOP / SIGCONT to the server and every process it started (PostgreSQL's backends):
  // connections stay open and nothing answers, as on a server frozen by its host. resume() does
  // nothing when not paused.
  bool pause();
  void resume();
  // Stops the whole private set and removes its data.
  void stop();

 private:
  bool run(const std::string& command) const;
  std::vector<pid_t> processes() const;
  std::string name_;
  std::vector<pid_t> paused_;
};

}  // namespace pricewatch::e2e
