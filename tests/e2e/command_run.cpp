// Running a one-shot command to its end; see command_run.hpp.
#include "command_run.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string_view>

extern char** environ;

namespace pricewatch::e2e {
namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

std::vector<char*> pointers_to(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (auto& text : strings) pointers.push_back(text.data());
  pointers.push_back(nullptr);
  return pointers;
}

}  // namespace

command_result run_command(const std::filesystem::path& directory, const std::vector<std::string>& arguments,
                           const environment_list& environment, std::chrono::seconds deadline,
                           const std::filesystem::path& binary) {
  std::vector<std::string> argv_strings{binary.string()};
  argv_strings.insert(argv_strings.end(), arguments.begin(), arguments.end());
  std::vector<std::string> env_strings;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    const std::string_view name = text.substr(0, text.find('='));
    if (name == "PATH" || name == "HOME" || name.ends_with("SAN_OPTIONS")) env_strings.emplace_back(text);
  }
  for (const auto& [name, value] : environment) env_strings.push_back(name + "=" + value);
  const auto out_path = directory / "out.txt";
  const auto err_path = directory / "err.txt";

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addchdir_np(&actions, directory.c_str());
  auto argv = pointers_to(argv_strings);
  auto envp = pointers_to(env_strings);
  pid_t pid = -1;
  const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) throw std::runtime_error("cannot start " + binary.string() + ": " + std::strerror(spawned));

  // Through syscall(): glibc 2.36's <sys/pidfd.h> lacks extern "C", so its wrapper cannot link.
  const int pid_fd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  bool ended = pid_fd < 0;  // without a pidfd, waitpid below simply blocks
  if (pid_fd >= 0) {
    pollfd exited{pid_fd, POLLIN, 0};
    const auto milliseconds = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(deadline).count());
    int ready = 0;
    do {
      ready = poll(&exited, 1, milliseconds);
    } while (ready < 0 && errno == EINTR);
    ended = ready > 0;
    close(pid_fd);
  }
  if (!ended) kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  command_result result;
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = read_file(out_path);
  result.err = read_file(err_path);
  if (!ended) {
    throw std::runtime_error("pricewatch " + (arguments.empty() ? std::string() : arguments.front()) +
                             " did not end within " + std::to_string(deadline.count()) + " s; stderr:\n" + result.err);
  }
  return result;
}

}  // namespace pricewatch::e2e
