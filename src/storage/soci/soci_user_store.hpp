// user_store on SOCI. Emails are unique through a lower-cased key column.
#pragma once

#include "storage/user_store.hpp"

namespace soci {
class connection_pool;
}

namespace pricewatch::storage {

class soci_user_store final : public user_store {
 public:
  explicit soci_user_store(soci::connection_pool& pool) : pool_(pool) {}

  result<user> create(const std::string& email, const std::string& password_hash, time_point now) override;
  std::optional<user> find_by_email(const std::string& email) override;
  std::int64_t count() override;

 private:
  soci::connection_pool& pool_;
};

}  // namespace pricewatch::storage
