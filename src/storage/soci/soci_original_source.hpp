// original_source on SOCI: the original's MySQL database as it ran, or a SQLite file (Django's
// default, and what tests build). One connection, used by one thread.
#pragma once

#include "storage/original_source.hpp"
#include "storage/soci/database_url.hpp"

#include <memory>
#include <set>
#include <string>

namespace soci {
class session;
}

namespace pricewatch::storage {

class soci_original_source final : public original_source {
 public:
  // Connects through target; throws backend_error when it cannot, or when a table or a column the
  // import needs is missing (the message names it).
  soci_original_source(const soci_target& target, std::string description);
  ~soci_original_source() override;

  std::string description() const override { return description_; }
  std::vector<original_user> users() override;
  std::vector<original_alert> alerts_after(std::int64_t after_id, std::size_t limit) override;

 private:
  std::set<std::string> columns_of(const std::string& table);
  // The SQL that reads a column as text, whatever type the database gives it.
  std::string as_text(const std::string& column) const;

  bool sqlite_;
  std::string description_;
  std::unique_ptr<soci::session> session_;
  std::string users_query_;
};

}  // namespace pricewatch::storage
