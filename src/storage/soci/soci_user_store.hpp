// user_store on SOCI. Emails are unique through a lower-cased key column.
#pragma once

#include "storage/soci/connection_lease.hpp"

#include "storage/user_store.hpp"


namespace pricewatch::storage {

class soci_user_store final : public user_store {
 public:
  explicit soci_user_store(connections& db) : db_(db) {}

  result<user> create(const std::string& email, const std::string& password_hash, time_point now) override;
  std::optional<user> find_by_email(const std::string& email) override;
  std::optional<user> find_by_id(std::int64_t user_id) override;
  bool exists(std::int64_t user_id) override;
  std::optional<time_point> tokens_valid_from(std::int64_t user_id) override;
  bool change_password(std::int64_t user_id, const std::string& password_hash, time_point tokens_valid_from) override;
  bool remove(std::int64_t user_id) override;
  std::int64_t count() override;
  bool replace_password_hash(std::int64_t user_id, const std::string& expected,
                             const std::string& replacement) override;
  std::vector<imported_user_result> import_users(std::span<const imported_user> batch) override;
  std::int64_t count_not_imported() override;

 private:
  connections& db_;
};

}  // namespace pricewatch::storage
