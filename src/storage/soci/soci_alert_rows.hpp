// How the SOCI alert store reads its rows: an alert with its owner's email and the delivery of its
// latest firing, a firing with its deliveries, and a notification's delivery, each bound to a
// statement's into() slots. Shared by soci_alert_store.cpp and soci_alert_firings.cpp.
#pragma once

#include "alerts/alert.hpp"
#include "storage/soci/prepared_statements.hpp"

#include <soci/soci.h>

#include <optional>
#include <string>
#include <vector>

namespace pricewatch::storage {

// The delivery columns of a notification: n.status, n.attempts, n.last_error, n.sent_at (all
// null when the LEFT JOIN found none).
struct delivery_row {
  std::string status;
  soci::indicator status_indicator = soci::i_null;
  long long attempts = 0;
  soci::indicator attempts_indicator = soci::i_null;
  std::string last_error;
  soci::indicator last_error_indicator = soci::i_null;
  long long sent_at = 0;
  soci::indicator sent_at_indicator = soci::i_null;

  void bind(soci::statement& statement);
  std::optional<delivery_state> to_delivery() const;
};

// "SELECT <an alert's columns> FROM alerts a ...": its owner's email, and the notification of its
// latest firing (last_firing_id: one row per alert, however often it fired).
extern const char* const alert_columns;

// One row of alert_columns.
struct alert_row {
  long long id = 0;
  long long user_id = 0;
  std::string email;
  std::string symbol;
  std::string condition;
  long long target_units = 0;
  std::string status;
  long long created_at = 0;
  long long triggered_at = 0;
  soci::indicator triggered_at_indicator = soci::i_null;
  long long triggered_units = 0;
  soci::indicator triggered_units_indicator = soci::i_null;
  long long percent_bp = 0;
  std::string window;
  soci::indicator window_indicator = soci::i_null;
  std::string frequency;
  long long cooldown_seconds = 0;
  long long expires_at = 0;
  soci::indicator expires_at_indicator = soci::i_null;
  std::string note;
  long long fire_count = 0;
  long long last_fired_at = 0;
  soci::indicator last_fired_at_indicator = soci::i_null;
  long long last_fired_units = 0;
  soci::indicator last_fired_units_indicator = soci::i_null;
  std::string exchange;
  delivery_row delivery;

  void bind(soci::statement& statement);
  alert to_alert() const;
};

// The channels each alert names (alert_channels), ascending, filled in.
void attach_channels(soci::session& sql, std::vector<alert>& alerts);

// Stores the channels a new alert names (its caller's transaction).
void add_alert_channels(soci::session& sql, long long alert_id, const std::vector<std::int64_t>& channels);
// Replaces the channels the alert names (its caller's transaction).
void store_alert_channels(soci::session& sql, long long alert_id, const std::vector<std::int64_t>& channels);

// The deliveries of each firing, one per channel in channel order, filled in.
void attach_deliveries(soci::session& sql, std::vector<firing_record>& firings);

// The alerts that alert_columns + tail selects, the statement's use() bound by bind_uses.
template <class BindUses>
std::vector<alert> read_alerts(soci::session& sql, const std::string& tail, BindUses&& bind_uses) {
  alert_row row;
  soci::statement statement(sql);
  row.bind(statement);
  bind_uses(statement);
  statement.alloc();
  statement.prepare(std::string(alert_columns) + tail);
  statement.define_and_bind();
  std::vector<alert> alerts;
  if (statement.execute(true)) {
    do {
      alerts.push_back(row.to_alert());
    } while (statement.fetch());
  }
  attach_channels(sql, alerts);
  return alerts;
}

// The owner's alert, read in the caller's transaction by statements prepared once per connection.
std::optional<alert> read_alert(soci::session& sql, prepared_statements& prepared, std::int64_t user_id,
                                std::int64_t alert_id);

// "SELECT <a firing's columns> FROM firings f ..." (attach_deliveries adds their deliveries).
extern const char* const firing_columns;

// One row of firing_columns.
struct firing_row {
  long long id = 0;
  long long alert_id = 0;
  long long user_id = 0;
  long long sequence = 0;
  std::string symbol;
  std::string condition;
  long long target_units = 0;
  long long percent_bp = 0;
  long long price_units = 0;
  long long fired_at = 0;
  std::string exchange;  // its alert's

  void bind(soci::statement& statement);
  firing_record to_record() const;
};

// How many ids one IN (...) list holds: the statements of a batch take its ids in parts this long.
inline constexpr std::size_t ids_per_statement = 500;

// Integers (ids read from the database) as an SQL list, "1,2,3", for an IN (...) clause.
std::string id_list(const std::vector<long long>& ids, std::size_t from, std::size_t count);

// SELECT COUNT(*) FROM `from` (a table and its alias) with the binding's WHERE clause and values:
// one way to count for each filter (alert_filter, firing_filter).
template <class Binding>
long long count_where(soci::session& sql, const std::string& from, Binding& binding) {
  long long total = 0;
  soci::statement statement(sql);
  statement.exchange(soci::into(total));
  binding.bind(statement);
  statement.alloc();
  statement.prepare("SELECT COUNT(*) FROM " + from + binding.where);
  statement.define_and_bind();
  statement.execute(true);
  return total;
}

}  // namespace pricewatch::storage
