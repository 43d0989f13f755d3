// Starting, watching and stopping the pricewatch child process; see service_process.hpp.
#include "service_process.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <sys/syscall.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <regex>
#include <stdexcept>
#include <string_view>
#include <system_error>

namespace pricewatch::e2e {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

[[noreturn]] void throw_errno(const char* what) {
  throw std::system_error(errno, std::generic_category(), what);
}

// PATH and HOME, as the brief of the suite says, plus the sanitizers' options so that the asan
// preset's settings reach the server too.
std::vector<std::string> inherited_environment() {
  std::vector<std::string> kept;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    const std::string_view name = text.substr(0, text.find('='));
    if (name == "PATH" || name == "HOME" || name.ends_with("SAN_OPTIONS")) {
      kept.emplace_back(text);
    }
  }
  return kept;
}

std::vector<char*> pointers_to(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (auto& text : strings) pointers.push_back(text.data());
  pointers.push_back(nullptr);
  return pointers;
}

// Runs in the forked child: only async-signal-safe calls from here to execve.
[[noreturn]] void run_child(int output_fd, const char* directory, char* const* argv, char* const* envp) {
  prctl(PR_SET_PDEATHSIG, static_cast<unsigned long>(SIGKILL));
  if (directory[0] != '\0' && chdir(directory) != 0) {
    static constexpr std::string_view message = "e2e: chdir to the working directory failed\n";
    (void)!write(output_fd, message.data(), message.size());
    _exit(126);
  }
  const int input = open("/dev/null", O_RDONLY);
  if (input >= 0) dup2(input, STDIN_FILENO);
  dup2(output_fd, STDOUT_FILENO);
  dup2(output_fd, STDERR_FILENO);
  close_range(3, ~0U, 0);
  execve(argv[0], argv, envp);
  static constexpr std::string_view message = "e2e: execve of the pricewatch binary failed\n";
  (void)!write(STDERR_FILENO, message.data(), message.size());
  _exit(127);
}

int milliseconds_until(steady_clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<milliseconds>(deadline - steady_clock::now());
  return left.count() <= 0 ? 0 : static_cast<int>(left.count());
}

}  // namespace

service_process::service_process(service_options options) {
  std::vector<std::string> arguments{options.binary.string()};
  arguments.insert(arguments.end(), options.arguments.begin(), options.arguments.end());
  std::vector<std::string> environment = inherited_environment();
  for (const auto& [name, value] : options.environment) environment.push_back(name + "=" + value);
  const std::vector<char*> argv = pointers_to(arguments);
  const std::vector<char*> envp = pointers_to(environment);
  const std::string directory = options.working_directory.string();

  int pipe_ends[2];
  if (pipe2(pipe_ends, O_CLOEXEC) != 0) throw_errno("pipe2");
  pid_ = fork();
  if (pid_ < 0) throw_errno("fork");
  if (pid_ == 0) run_child(pipe_ends[1], directory.c_str(), argv.data(), envp.data());
  close(pipe_ends[1]);
  output_fd_ = pipe_ends[0];
  // Through syscall(): glibc 2.36's <sys/pidfd.h> lacks extern "C", so its wrapper cannot link.
  pid_fd_ = static_cast<int>(syscall(SYS_pidfd_open, pid_, 0));
  try {
    if (pid_fd_ < 0) throw_errno("pidfd_open");
    wait_for_ready(options.ready_pattern, options.start_deadline);
  } catch (...) {
    kill_and_reap();
    close(output_fd_);
    if (pid_fd_ >= 0) close(pid_fd_);
    throw;
  }
  drain_thread_ = std::thread([this] { drain(); });
}

service_process::~service_process() {
  kill_and_reap();
  if (drain_thread_.joinable()) drain_thread_.join();
  close(output_fd_);
  close(pid_fd_);
}

void service_process::wait_for_ready(const std::string& pattern, std::chrono::seconds deadline_after) {
  const auto deadline = steady_clock::now() + deadline_after;
  // Any scheme: the test SMTP sink announces itself as "listening on smtp://...".
  const std::regex listening(pattern);
  for (;;) {
    {
      std::scoped_lock lock(mutex_);
      std::smatch match;
      if (std::regex_search(output_, match, listening)) {
        if (match.size() < 2) return;  // ready, listening nowhere
        const unsigned long number = std::stoul(match[1].str());
        if (number == 0 || number > 65535) throw std::runtime_error("bad port in: " + match[0].str());
        port_ = static_cast<unsigned short>(number);
        return;
      }
    }
    const int wait = milliseconds_until(deadline);
    if (wait == 0) {
      throw std::runtime_error("no line matching '" + pattern + "' within " +
                               std::to_string(deadline_after.count()) + " s; output:\n" + output());
    }
    pollfd readable{output_fd_, POLLIN, 0};
    const int ready = poll(&readable, 1, wait);
    if (ready < 0 && errno != EINTR) throw_errno("poll");
    if (ready > 0 && !read_available()) {
      const auto status = wait_for_exit(milliseconds(5000));
      throw std::runtime_error("pricewatch exited (status " + (status ? std::to_string(*status) : "?") +
                               ") before listening; output:\n" + output());
    }
  }
}

bool service_process::read_available() {
  char chunk[4096];
  const ssize_t count = read(output_fd_, chunk, sizeof chunk);
  if (count > 0) {
    std::scoped_lock lock(mutex_);
    output_.append(chunk, static_cast<std::size_t>(count));
    return true;
  }
  return count < 0 && (errno == EINTR || errno == EAGAIN);
}

// Keeps the pipe empty so the server never blocks on a log write. Ends at end of file, or once
// the child is reaped and nothing is left to read.
void service_process::drain() {
  for (;;) {
    pollfd readable{output_fd_, POLLIN, 0};
    const int ready = poll(&readable, 1, 200);
    if (ready > 0) {
      if (!read_available()) return;
    } else if ((ready < 0 && errno != EINTR) || (ready == 0 && reaped_)) {
      return;
    }
  }
}

bool service_process::running() {
  if (exit_status_) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) != pid_) return true;
  exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  reaped_ = true;
  return false;
}

void service_process::send_signal(int signal) const {
  if (!exit_status_) kill(pid_, signal);
}

std::optional<int> service_process::wait_for_exit(milliseconds deadline_after) {
  if (exit_status_) return exit_status_;
  const auto deadline = steady_clock::now() + deadline_after;
  for (;;) {
    pollfd exited{pid_fd_, POLLIN, 0};
    const int ready = poll(&exited, 1, milliseconds_until(deadline));
    if (ready > 0) break;
    if (ready == 0) return std::nullopt;
    if (errno != EINTR) throw_errno("poll on pidfd");
  }
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0) {
    if (errno != EINTR) throw_errno("waitpid");
  }
  exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  reaped_ = true;
  // The pipe's last bytes arrive before its end of file: joining makes output() complete.
  if (drain_thread_.joinable()) drain_thread_.join();
  return exit_status_;
}

int service_process::stop(int signal) {
  send_signal(signal);
  if (const auto status = wait_for_exit(milliseconds(10000))) return *status;
  ADD_FAILURE() << "pricewatch did not exit within 10 s of signal " << signal << "; killing it";
  kill_and_reap();
  return -1;
}

void service_process::kill_and_reap() {
  if (pid_ <= 0 || exit_status_) return;
  kill(pid_, SIGKILL);
  if (pid_fd_ >= 0 && wait_for_exit(milliseconds(10000))) return;
  int status = 0;
  waitpid(pid_, &status, 0);
  exit_status_ = 128 + SIGKILL;
  reaped_ = true;
}

std::string service_process::output() const {
  std::scoped_lock lock(mutex_);
  return output_;
}

}  // namespace pricewatch::e2e
