// Debian's nginx running the shipped deploy/nginx/pricewatch.conf in front of two api processes,
// for the end-to-end tests: tests/deploy/nginx_test_setup.sh replaces only its placeholders (ports
// on 127.0.0.1, a self-signed certificate for alerts.example.com made in the directory, the api
// processes' ports), then nginx runs in the foreground as a child process.
#pragma once

#include "service_process.hpp"

#include <filesystem>
#include <memory>
#include <string>

namespace pricewatch::e2e {

class nginx_process {
 public:
  // The host name of the shipped configuration's server block and of the test certificate.
  static constexpr const char* server_name = "alerts.example.com";

  // Writes its files into directory and starts nginx on two free loopback ports. Throws
  // std::runtime_error with nginx's output when the setup fails or nginx does not start.
  nginx_process(const std::filesystem::path& directory, unsigned short api_port_1, unsigned short api_port_2);
  ~nginx_process();
  nginx_process(const nginx_process&) = delete;
  nginx_process& operator=(const nginx_process&) = delete;

  unsigned short http_port() const { return http_port_; }
  unsigned short https_port() const { return https_port_; }
  // The certificate nginx serves, which the tests' clients trust alone.
  std::filesystem::path certificate() const { return directory_ / "cert.pem"; }
  // What nginx wrote (its error log, on stderr) and its access log.
  std::string output() const;

  // Fast shutdown (SIGTERM): open streams are cut. The exit status, as service_process::stop.
  int stop();

 private:
  std::filesystem::path directory_;
  unsigned short http_port_ = 0;
  unsigned short https_port_ = 0;
  std::unique_ptr<service_process> process_;
};

}  // namespace pricewatch::e2e
