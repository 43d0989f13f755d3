// A migrated database of one backend with one user and a manual clock, to create and fire alerts (outbox).
#pragma once

#include "core/clock.hpp"
#include "storage/database.hpp"
#include "scratch_database.hpp"

#include <cstdint>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace pricewatch::test_support {

class outbox_database {
 public:
  explicit outbox_database(const std::string& backend = "sqlite") : scratch(backend) {
    database->migrate();
    auto created = database->users().create("bob@example.org", "hash", clock.now());
    if (!created) throw std::runtime_error("cannot create the test user: " + created.error().message);
    user_id = created->id;
  }

  std::int64_t create_alert(alert_condition condition, std::string_view target, std::string symbol = "BTCUSDT") {
    return database->alerts().create(user_id, level_request(std::move(symbol), condition, *price::parse(target)),
                                     clock.now()).id;
  }

  // Fires the alerts at one price now: outbox rows due at once.
  std::vector<fired_record> fire(const std::vector<std::int64_t>& alert_ids, std::string_view at_price = "51000.5") {
    std::vector<firing> batch;
    for (const auto id : alert_ids) batch.push_back(firing{id, *price::parse(at_price), clock.now()});
    return database->alerts().fire(std::span<const firing>(batch), clock.now());
  }

  std::optional<alert> find(std::int64_t alert_id) { return database->alerts().find(user_id, alert_id); }
  notification_store& notifications() { return database->notifications(); }

  temp_directory directory;  // for files the test writes beside the database
  scratch_database scratch;  // outlives the database's connections
  manual_clock clock{time_point(std::chrono::milliseconds(1'790'000'000'000))};
  std::unique_ptr<pricewatch::database> database = make_database(database_config{scratch.url(), 2});
  std::int64_t user_id = 0;
};

}  // namespace pricewatch::test_support
