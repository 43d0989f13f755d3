// Channels in the database: each user's places of delivery, which of them are their defaults, and
// the health the notifiers record (permanent failures in a row, disabling). Every owner-facing
// query is scoped to one user; the notifiers' are by id. Implementations are shared by all threads.
#pragma once

#include "alerts/delivery_channel.hpp"
#include "alerts/delivery_preferences.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace pricewatch {

class channel_store {
 public:
  virtual ~channel_store() = default;

  // Each method throws backend_error when the database fails.

  // Stores a new channel (id and created_at as stored come back).
  virtual delivery_channel create(const delivery_channel& channel) = 0;
  // The owner's channels but deleted ones, oldest first.
  virtual std::vector<delivery_channel> list(std::int64_t user_id) = 0;
  // The owner's channel unless deleted.
  virtual std::optional<delivery_channel> find(std::int64_t user_id, std::int64_t channel_id) = 0;
  // Any channel by id, deleted too (a notifier delivering a row queued before the deletion).
  virtual std::optional<delivery_channel> find_by_id(std::int64_t channel_id) = 0;
  // Replaces name, config, status, status_reason and verify_token of the owner's channel (not deleted); a
  // change resets its permanent failures. False when there is none.
  virtual bool update(const delivery_channel& channel) = 0;
  // The unverified channel whose confirmation link carries token becomes active (its token is
  // spent); nullopt when no unverified channel has it.
  virtual std::optional<delivery_channel> confirm(const std::string& token) = 0;
  // Marks it deleted and no longer a default. False when there is none.
  virtual bool remove(std::int64_t user_id, std::int64_t channel_id) = 0;

  // The owner's default channels' ids, ascending.
  virtual std::vector<std::int64_t> default_channels(std::int64_t user_id) = 0;
  // Makes exactly these of the owner's channels the defaults; false (nothing changed) when one of
  // them is not the owner's or is deleted.
  virtual bool set_default_channels(std::int64_t user_id, std::span<const std::int64_t> channel_ids) = 0;
  // How many of ids are the owner's channels, deleted ones not counted.
  virtual std::size_t count_owned(std::int64_t user_id, std::span<const std::int64_t> channel_ids) = 0;

  // The webhook's secret becomes `secret`; the one it replaces keeps signing until `until`.
  virtual bool rotate_secret(std::int64_t user_id, std::int64_t channel_id, const std::string& secret,
                             time_point until) = 0;

  // When the user wants deliveries (time zone, quiet hours, digest window); the defaults for an
  // unknown user.
  virtual delivery_preferences preferences(std::int64_t user_id) = 0;
  // Stores them and releases the user's held deliveries (due at now): whatever held them may have
  // changed; those still within the new quiet hours are held again.
  virtual void set_preferences(std::int64_t user_id, const delivery_preferences& preferences, time_point now) = 0;

  // A delivery through the channel was accepted: its permanent failures in a row start again.
  virtual void record_success(std::int64_t channel_id) = 0;
  // A delivery was refused for good: counted; at `threshold` in a row an active channel becomes
  // disabled with the reason. True when this call disabled it.
  virtual bool record_permanent_failure(std::int64_t channel_id, const std::string& reason,
                                        std::int64_t threshold) = 0;
};

}  // namespace pricewatch
