// Implementation of nginx_process.hpp.
#include "nginx_process.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace pricewatch::e2e {
namespace {

// Ports the system hands out now on 127.0.0.1, all held until each is known, so they differ.
// nginx binds them a moment later: another process could take one in between, which fails the
// start loudly rather than testing something else.
std::array<unsigned short, 2> free_ports() {
  std::array<int, 2> sockets{-1, -1};
  std::array<unsigned short, 2> ports{};
  for (std::size_t index = 0; index < sockets.size(); ++index) {
    sockets[index] = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (sockets[index] < 0 || bind(sockets[index], reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        getsockname(sockets[index], reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      for (const int opened : sockets) {
        if (opened >= 0) close(opened);
      }
      throw std::runtime_error("cannot find a free port on 127.0.0.1");
    }
    ports[index] = ntohs(address.sin_port);
  }
  for (const int opened : sockets) close(opened);
  return ports;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream file(path);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

}  // namespace

nginx_process::nginx_process(const std::filesystem::path& directory, unsigned short api_port_1,
                             unsigned short api_port_2)
    : directory_(directory) {
  const auto [http_port, https_port] = free_ports();
  http_port_ = http_port;
  https_port_ = https_port;
  const std::string setup = std::string(PRICEWATCH_SOURCE_DIR) + "/tests/deploy/nginx_test_setup.sh " +
                            directory_.string() + " " + std::to_string(http_port_) + " " +
                            std::to_string(https_port_) + " " + std::to_string(api_port_1) + " " +
                            std::to_string(api_port_2) + " 2>&1";
  if (std::system(setup.c_str()) != 0) throw std::runtime_error("failed: " + setup);
  service_options options;
  options.binary = "/usr/sbin/nginx";
  options.arguments = {"-e", "stderr", "-p", directory_.string(), "-c", (directory_ / "nginx.conf").string()};
  options.working_directory = directory_;
  options.ready_pattern = "start worker processes";
  process_ = std::make_unique<service_process>(std::move(options));
}

nginx_process::~nginx_process() {
  // Its workers would outlive a master killed with SIGKILL: ask it to stop them first.
  if (process_ && process_->running()) stop();
}

std::string nginx_process::output() const {
  return (process_ ? process_->output() : std::string()) + "---- access log ----\n" +
         read_file(directory_ / "access.log");
}

int nginx_process::stop() { return process_->stop(SIGTERM); }

}  // namespace pricewatch::e2e
