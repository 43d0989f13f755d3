// A database of the original Django service for one test, with its real schema
// (tests/fixtures/original_schema/<backend>.sql): a SQLite file in a temp folder, made as Django
// makes it (no WAL), or a database of the test's own on the MariaDB test server, dropped after
// it. Rows go in as Django's inserts send them: prices as decimal text.
#pragma once

#include "scratch_database.hpp"

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <fstream>
#include <optional>
#include <sstream>
#include <string>

namespace pricewatch::test_support {

class original_database {
 public:
  // backend: "sqlite" or "mysql"; fixtures: the folder holding original_schema/.
  original_database(const std::string& backend, const std::string& fixtures) : backend_(backend) {
    if (backend == "sqlite") {
      path_ = (directory_.path() / "original.sqlite3").string();
      url_ = "sqlite://" + path_;
    } else {
      server_ = std::make_unique<scratch_database>(backend);
      url_ = server_->url();
    }
    std::ifstream file(fixtures + "/original_schema/" + backend + ".sql");
    if (!file) throw std::runtime_error("no schema " + fixtures + "/original_schema/" + backend + ".sql");
    std::stringstream text;
    text << file.rdbuf();
    open();
    std::string statement;
    std::istringstream lines(text.str());
    for (std::string line; std::getline(lines, line);) {
      if (line.empty() || line.starts_with("--")) continue;
      statement += line + "\n";
      if (line.ends_with(";")) {
        statement.erase(statement.rfind(';'));
        session_ << statement;
        statement.clear();
      }
    }
  }

  const std::string& url() const { return url_; }
  const std::string& backend() const { return backend_; }
  soci::session& session() { return session_; }

  void add_user(long long id, const std::string& email, const std::string& password, bool active = true,
                const std::string& joined = "2023-04-05 06:07:08.123456") {
    int is_active = active ? 1 : 0;
    session_ << "INSERT INTO pricing_customuser (id, password, last_login, is_superuser, email, is_staff, is_active, "
                "date_joined) VALUES (:id, :password, NULL, 0, :email, 0, :active, :joined)",
        soci::use(id), soci::use(password), soci::use(email), soci::use(is_active), soci::use(joined);
  }

  void add_alert(long long id, const std::string& email, const std::string& price, const std::string& status) {
    session_ << "INSERT INTO pricing_alert (id, email, price, status) VALUES (:id, :email, :price, :status)",
        soci::use(id), soci::use(email), soci::use(price), soci::use(status);
  }

 private:
  void open() {
    if (backend_ == "sqlite") {
      session_.open(soci::sqlite3, "db=" + path_);
    } else {
      storage::resolve_database_url(url_).connect(session_);
    }
  }

  std::string backend_;
  temp_directory directory_;
  std::unique_ptr<scratch_database> server_;
  std::string path_;
  std::string url_;
  soci::session session_;
};

}  // namespace pricewatch::test_support
