// Alerts in the database. Every query is scoped to one owner, so no code path can reach another
// user's alert by id alone. Implementations are shared by all request threads.
#pragma once

#include "alerts/alert.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace pricewatch {

enum class delete_outcome { deleted, already_deleted, already_triggered, not_found };

class alert_store {
 public:
  virtual ~alert_store() = default;

  // Each method throws backend_error when the database fails.
  virtual alert create(std::int64_t user_id, const alert_request& request, time_point now) = 0;
  virtual std::optional<alert> find(std::int64_t user_id, std::int64_t alert_id) = 0;
  // Soft delete: status created -> deleted, only for the owner's alert.
  virtual delete_outcome mark_deleted(std::int64_t user_id, std::int64_t alert_id) = 0;
  virtual std::int64_t count(const alert_filter& filter) = 0;
  // Newest first.
  virtual std::vector<alert> list(const alert_filter& filter, std::int64_t offset, std::int64_t limit) = 0;
  // Alerts with status created, of all users.
  virtual std::int64_t count_active() = 0;
};

}  // namespace pricewatch
