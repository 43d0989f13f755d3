#include "private_server.hpp"

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace pricewatch::e2e {
namespace {

const std::string folder = PRICEWATCH_FAULT_SERVERS;

// The fourth field of /proc/<pid>/stat, after the command in parentheses.
pid_t parent_of(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  const auto closing = text.rfind(')');
  if (closing == std::string::npos) return 0;
  std::istringstream rest(text.substr(closing + 1));
  std::string state;
  pid_t parent = 0;
  rest >> state >> parent;
  return parent;
}

}  // namespace

bool private_server::run(const std::string& command) const {
  const std::string line = "PRICEWATCH_TEST_PORT_OFFSET=" + std::to_string(port_offset) + " " PRICEWATCH_SOURCE_DIR
                           "/scripts/test-servers.sh " + command + " " + folder + " 2>&1";
  const int status = std::system(line.c_str());
  if (status != 0) std::cerr << "failed (" << status << "): " << line << "\n";
  return status == 0;
}

bool private_server::start_fresh() {
  if (std::filesystem::exists(folder)) run("stop");
  std::filesystem::remove_all(folder);
  return start_server();
}

std::string private_server::url() const {
  // The shared set's ports (scripts/test-servers.sh) plus the offset.
  const auto port = [](int shared) { return std::to_string(shared + port_offset); };
  if (name_ == "mariadb") return "mysql://pricewatch:pricewatch@127.0.0.1:" + port(53306) + "/pricewatch";
  if (name_ == "redis") return "redis://127.0.0.1:" + port(56379) + "/0";
  if (name_ == "rabbitmq") return "amqp://pricewatch:pricewatch@127.0.0.1:" + port(55672) + "/%2f";
  return "postgresql://pricewatch:pricewatch@127.0.0.1:" + port(55432) + "/pricewatch";
}

bool private_server::stop_server() { return run("stop-one " + name_); }
bool private_server::start_server() { return run("start-one " + name_); }

std::vector<pid_t> private_server::processes() const {
  // The pid files scripts/test-servers.sh's servers write; PostgreSQL's postmaster has a child
  // per backend, RabbitMQ's Erlang VM a port helper, MariaDB and Redis none.
  const std::filesystem::path base(folder);
  const auto file = name_ == "postgres" ? base / "postgres" / "data" / "postmaster.pid"
                                        : base / name_ / (name_ + ".pid");
  std::ifstream pid_file(file);
  pid_t server = 0;
  if (!(pid_file >> server) || server <= 0) return {};
  std::vector<pid_t> found{server};
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    const pid_t pid = std::stoi(name);
    if (parent_of(pid) == server) found.push_back(pid);
  }
  return found;
}

bool private_server::pause() {
  paused_ = processes();
  for (const pid_t pid : paused_) ::kill(pid, SIGSTOP);
  return !paused_.empty();
}

void private_server::resume() {
  for (const pid_t pid : paused_) ::kill(pid, SIGCONT);
  paused_.clear();
}

void private_server::stop() {
  run("stop");
  std::filesystem::remove_all(folder);
}

}  // namespace pricewatch::e2e
