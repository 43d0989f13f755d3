// A fresh, empty database of one backend for one test: a SQLite file in a temp folder, or a
// database created for the test on the PostgreSQL or MariaDB server that the test command started
// (PRICEWATCH_TEST_POSTGRES_URL, PRICEWATCH_TEST_MYSQL_URL) and dropped after it. A missing
// server is a failure, never a skip. The storage contract suites run on every backend through it.
#pragma once

#include "backends.hpp"
#include "storage/soci/database_url.hpp"
#include "temp_directory.hpp"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <atomic>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <unistd.h>
#include <vector>

namespace pricewatch::test_support {

// Names the instances of a suite parameterised by backend: suite/test/postgresql.
inline std::string backend_name(const ::testing::TestParamInfo<std::string>& backend) { return backend.param; }

class scratch_database {
 public:
  explicit scratch_database(const std::string& backend) : backend_(backend) {
    if (backend == "sqlite") {
      url_ = directory_.sqlite_url();
      return;
    }
    const char* variable = backend == "postgresql" ? "PRICEWATCH_TEST_POSTGRES_URL" : "PRICEWATCH_TEST_MYSQL_URL";
    const char* server = std::getenv(variable);
    if (server == nullptr || *server == '\0') {
      throw std::runtime_error(std::string(variable) +
                               " is not set: run the tests with `make test`, which starts the database servers");
    }
    server_url_ = server;
    static std::atomic<int> counter{0};
    name_ = "pw_unit_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    url_ = server_url_.substr(0, server_url_.rfind('/') + 1) + name_;
    run_on_server("DROP DATABASE IF EXISTS " + name_);
    run_on_server("CREATE DATABASE " + name_);
  }
  ~scratch_database() {
    if (name_.empty()) return;
    try {
      // PostgreSQL refuses to drop a database with sessions open; the test's are closed by now.
      run_on_server("DROP DATABASE IF EXISTS " + name_);
    } catch (...) {
      // Left behind in the test server's temp folder, removed with it.
    }
  }
  scratch_database(const scratch_database&) = delete;
  scratch_database& operator=(const scratch_database&) = delete;

  const std::string& url() const { return url_; }
  const std::string& backend() const { return backend_; }

  // One statement on the test database itself (to look under the stores).
  void run(const std::string& statement) const {
    soci::session session;
    storage::resolve_database_url(url_).connect(session);
    session << statement;
  }

 private:
  void run_on_server(const std::string& statement) const {
    soci::session session;
    storage::resolve_database_url(server_url_).connect(session);
    session << statement;
  }

  std::string backend_;
  temp_directory directory_;
  std::string server_url_;
  std::string name_;
  std::string url_;
};

}  // namespace pricewatch::test_support
