#include "storage/soci/soci_notification_store.hpp"

#include "core/time_format.hpp"
#include "storage/soci/connection_lease.hpp"
#include "storage/soci/write_transaction.hpp"

#include <soci/soci.h>

namespace pricewatch::storage {

std::vector<notification> soci_notification_store::claim_due(time_point now, std::size_t limit,
                                                             std::chrono::seconds lease) {
  return db_.write([&](soci::session& sql) {
    write_transaction transaction(sql, dialect_);
    long long due = to_unix_millis(now);
    notification row;
    long long id = 0, alert_id = 0, user_id = 0, target = 0, price_units = 0, attempts = 0, created = 0;
    std::string condition, last_error;
    soci::indicator error_indicator = soci::i_null;
    soci::statement select = (sql.prepare << "SELECT id, alert_id, user_id, recipient, symbol, condition, target_units, "
                                             "price_units, attempts, last_error, created_at FROM notifications "
                                             "WHERE status = 'pending' AND next_attempt_at <= :due "
                                             "ORDER BY next_attempt_at, id LIMIT " + std::to_string(limit),
                              soci::use(due), soci::into(id), soci::into(alert_id), soci::into(user_id),
                              soci::into(row.recipient), soci::into(row.symbol), soci::into(condition),
                              soci::into(target), soci::into(price_units), soci::into(attempts),
                              soci::into(last_error, error_indicator), soci::into(created));
    std::vector<notification> claimed;
    if (select.execute(true)) {
      do {
        row.id = id;
        row.alert_id = alert_id;
        row.user_id = user_id;
        row.condition = parse_condition(condition).value_or(alert_condition::above);
        row.target = price::from_units(target);
        row.triggered_price = price::from_units(price_units);
        row.attempts = attempts;
        row.last_error = error_indicator == soci::i_ok ? std::optional<std::string>(last_error) : std::nullopt;
        row.created_at = from_unix_millis(created);
        claimed.push_back(row);
      } while (select.fetch());
    }
    long long leased_until = to_unix_millis(now + lease);
    soci::statement lease_row = (sql.prepare << "UPDATE notifications SET next_attempt_at = :until WHERE id = :id",
                                 soci::use(leased_until), soci::use(id));
    for (const auto& item : claimed) {
      id = item.id;
      lease_row.execute(true);
    }
    transaction.commit();
    return claimed;
  });
}

void soci_notification_store::mark_sent(std::int64_t id, std::int64_t attempts, time_point now) {
  db_.write([&](soci::session& sql) {
    long long row = id, tries = attempts, at = to_unix_millis(now);
    sql << "UPDATE notifications SET status = 'sent', attempts = :attempts, sent_at = :at, last_error = NULL "
           "WHERE id = :id AND status = 'pending'",
        soci::use(tries), soci::use(at), soci::use(row);
    return 0;
  });
}

void soci_notification_store::schedule_retry(std::int64_t id, std::int64_t attempts, time_point next_attempt,
                                             const std::string& error) {
  db_.write([&](soci::session& sql) {
    long long row = id, tries = attempts, at = to_unix_millis(next_attempt);
    sql << "UPDATE notifications SET attempts = :attempts, next_attempt_at = :at, last_error = :error "
           "WHERE id = :id AND status = 'pending'",
        soci::use(tries), soci::use(at), soci::use(error), soci::use(row);
    return 0;
  });
}

void soci_notification_store::mark_failed(std::int64_t id, std::int64_t attempts, const std::string& error) {
  db_.write([&](soci::session& sql) {
    long long row = id, tries = attempts;
    sql << "UPDATE notifications SET status = 'failed', attempts = :attempts, last_error = :error "
           "WHERE id = :id AND status = 'pending'",
        soci::use(tries), soci::use(error), soci::use(row);
    return 0;
  });
}

std::optional<time_point> soci_notification_store::next_due() {
  return db_.read([&](soci::session& sql) -> std::optional<time_point> {
    long long at = 0;
    soci::indicator found = soci::i_null;
    sql << "SELECT MIN(next_attempt_at) FROM notifications WHERE status = 'pending'", soci::into(at, found);
    if (found != soci::i_ok) return std::nullopt;
    return from_unix_millis(at);
  });
}

void soci_notification_store::make_pending_due(time_point now) {
  db_.write([&](soci::session& sql) {
    long long at = to_unix_millis(now);
    sql << "UPDATE notifications SET next_attempt_at = :at WHERE status = 'pending' AND next_attempt_at > :at2",
        soci::use(at, "at"), soci::use(at, "at2");
    return 0;
  });
}

std::map<notification_status, std::int64_t> soci_notification_store::count_by_status() {
  return db_.read([&](soci::session& sql) {
    std::map<notification_status, std::int64_t> counts{
        {notification_status::pending, 0}, {notification_status::sent, 0}, {notification_status::failed, 0}};
    std::string status;
    long long total = 0;
    soci::statement statement = (sql.prepare << "SELECT status, COUNT(*) FROM notifications GROUP BY status",
                                 soci::into(status), soci::into(total));
    if (statement.execute(true)) {
      do {
        if (auto parsed = parse_notification_status(status)) counts[*parsed] = total;
      } while (statement.fetch());
    }
    return counts;
  });
}

}  // namespace pricewatch::storage
