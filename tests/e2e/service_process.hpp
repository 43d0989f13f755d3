// Runs the real pricewatch binary as a child process for the end-to-end tests: starts it with
// fork/execve, waits for its "listening on" log line, drains its output and stops it by signal.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace pricewatch::e2e {

using environment_list = std::vector<std::pair<std::string, std::string>>;

struct service_options {
  std::filesystem::path binary = PRICEWATCH_BINARY;
  std::vector<std::string> arguments{"serve"};
  // Added to PATH, HOME and the sanitizers' *SAN_OPTIONS inherited from the test process.
  environment_list environment;
  std::filesystem::path working_directory;
  std::chrono::seconds start_deadline{20};
  // The log line that says it is ready; its first group, when it has one, is the port it listens
  // on. A pricewatch without the api role listens nowhere and says "serving as".
  std::string ready_pattern = R"(listening on [a-z]+://127\.0\.0\.1:([0-9]+))";
};

// One running service. Neither copyable nor movable: its drain thread refers to it. Its methods
// are for the test's thread, except output(), which any thread may call.
class service_process {
 public:
  // Throws std::runtime_error, carrying the output so far, when the binary cannot be started or
  // has not logged its ready line (by default "listening on <scheme>://127.0.0.1:<port>") before
  // the deadline.
  explicit service_process(service_options options);
  // Kills the process with SIGKILL when it still runs.
  ~service_process();
  service_process(const service_process&) = delete;
  service_process& operator=(const service_process&) = delete;

  unsigned short port() const { return port_; }
  pid_t pid() const { return pid_; }
  bool running();

  // Sends a signal without waiting, for tests that act while the process shuts down.
  void send_signal(int signal) const;

  // Waits for the exit: its code, 128 + N when killed by signal N, or nullopt at the deadline.
  std::optional<int> wait_for_exit(std::chrono::milliseconds deadline);

  // Sends the signal and waits up to 10 s for the exit status (as wait_for_exit gives it). After
  // that it kills the process, records a test failure and returns -1.
  int stop(int signal = SIGTERM);

  // Everything the process wrote to stdout and stderr so far.
  std::string output() const;

 private:
  void wait_for_ready(const std::string& pattern, std::chrono::seconds deadline);
  bool read_available();  // false at end of file
  void drain();
  void kill_and_reap();

  pid_t pid_ = -1;
  int pid_fd_ = -1;
  int output_fd_ = -1;
  unsigned short port_ = 0;
  std::optional<int> exit_status_;
  mutable std::mutex mutex_;
  std::string output_;
  std::atomic<bool> reaped_{false};
  std::thread drain_thread_;
};

}  // namespace pricewatch::e2e
