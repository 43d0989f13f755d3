// channel_store on SOCI: the channels table, its config kept as a JSON object of strings.
#pragma once

#include "storage/channel_store.hpp"
#include "storage/soci/connection_lease.hpp"

#include <string>

namespace soci {
class session;
}

namespace pricewatch::storage {

class soci_channel_store final : public channel_store {
 public:
  explicit soci_channel_store(connections& db) : db_(db) {}

  delivery_channel create(const delivery_channel& channel) override;
  std::vector<delivery_channel> list(std::int64_t user_id) override;
  std::optional<delivery_channel> find(std::int64_t user_id, std::int64_t channel_id) override;
  std::optional<delivery_channel> find_by_id(std::int64_t channel_id) override;
  bool update(const delivery_channel& channel) override;
  std::optional<delivery_channel> confirm(const std::string& token) override;
  bool remove(std::int64_t user_id, std::int64_t channel_id) override;
  std::vector<std::int64_t> default_channels(std::int64_t user_id) override;
  bool set_default_channels(std::int64_t user_id, std::span<const std::int64_t> channel_ids) override;
  std::size_t count_owned(std::int64_t user_id, std::span<const std::int64_t> channel_ids) override;
  bool rotate_secret(std::int64_t user_id, std::int64_t channel_id, const std::string& secret,
                     time_point until) override;
  delivery_preferences preferences(std::int64_t user_id) override;
  void set_preferences(std::int64_t user_id, const delivery_preferences& preferences, time_point now) override;
  void record_success(std::int64_t channel_id) override;
  bool record_permanent_failure(std::int64_t channel_id, const std::string& reason, std::int64_t threshold) override;

 private:
  connections& db_;
};

// The account's own email channel, its default, stored in the caller's transaction (registration).
void insert_account_email_channel(soci::session& sql, long long user_id, const std::string& email, long long now_ms);

// A channel's config as stored (a JSON object of strings) and back.
std::string config_to_json(const channel_config& config);
channel_config config_from_json(const std::string& text);

}  // namespace pricewatch::storage
