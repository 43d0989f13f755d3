// The in-memory alert store with a database's failures and interleavings on cue: fire() refused
// (down, or the disk full), load_active_after() failing a few times, and another process's writes
// landing just before or just after the watcher's read.
#pragma once

#include "core/backend_error.hpp"
#include "storage/memory/memory_alert_store.hpp"

#include <functional>
#include <limits>
#include <vector>

namespace pricewatch {

class scripted_store final : public alert_store {
 public:
  bool refusing_fire = false;          // fire() throws backend_error
  int failing_loads = 0;               // so many next pages read throw backend_error
  std::function<void()> before_read;   // runs before a load's first page is read; then cleared
  std::function<void()> after_read;    // runs after a load's last page was read; then cleared
  std::function<void()> after_page;    // runs after the next page is read; then cleared
  std::vector<std::size_t> fire_calls;  // the batch size of each fire() call, refused or not
  int loads = 0;
  int pages = 0;                       // load_active_after() calls
  bool refusing_expire = false;         // expire_due() throws backend_error
  std::vector<time_point> expire_calls;  // when expire_due() was called, refused or not

  memory_alert_store& memory() { return memory_; }

  alert create(std::int64_t user_id, const alert_request& request, time_point now) override {
    return memory_.create(user_id, request, now);
  }
  std::optional<alert> find(std::int64_t user_id, std::int64_t alert_id) override {
    return memory_.find(user_id, alert_id);
  }
  delete_outcome mark_deleted(std::int64_t user_id, std::int64_t alert_id) override {
    return memory_.mark_deleted(user_id, alert_id);
  }
  std::int64_t count(const alert_filter& filter) override { return memory_.count(filter); }
  std::vector<alert> list(const alert_filter& filter, list_order order, std::int64_t offset,
                          std::int64_t limit) override {
    return memory_.list(filter, order, offset, limit);
  }
  std::int64_t count_active() override { return memory_.count_active(); }

  // A load is its pages: loads counts the first pages, failing_loads fails the next pages read,
  // before_read runs before a first page and after_read after a last one (shorter than limit).
  std::vector<watched_alert> load_active_after(exchange_id exchange, std::int64_t after_id, std::size_t limit) override {
    const bool first = after_id == std::numeric_limits<std::int64_t>::min();
    if (first) ++loads;
    ++pages;
    if (failing_loads > 0) {
      --failing_loads;
      throw backend_error("database", "connection refused");
    }
    if (first) {
      if (auto hook = std::exchange(before_read, nullptr)) hook();
    }
    auto active = memory_.load_active_after(exchange, after_id, limit);
    if (auto hook = std::exchange(after_page, nullptr)) hook();
    if (active.size() < limit) {
      if (auto hook = std::exchange(after_read, nullptr)) hook();
    }
    return active;
  }

  std::vector<fired_record> fire(std::span<const firing> batch, time_point now) override {
    fire_calls.push_back(batch.size());
    if (refusing_fire) throw backend_error("database", "database or disk is full");
    return memory_.fire(batch, now);
  }

  change_result update(std::int64_t user_id, std::int64_t alert_id, const alert_request& request,
                       alert_status status) override {
    return memory_.update(user_id, alert_id, request, status);
  }
  std::vector<alert> expire_due(time_point now, std::size_t limit) override {
    expire_calls.push_back(now);
    if (refusing_expire) throw backend_error("database", "server closed the connection unexpectedly");
    return memory_.expire_due(now, limit);
  }
  std::int64_t count_firings(const firing_filter& filter) override { return memory_.count_firings(filter); }
  std::vector<firing_record> list_firings(const firing_filter& filter, std::int64_t offset,
                                          std::int64_t limit) override {
    return memory_.list_firings(filter, offset, limit);
  }

  std::vector<import_outcome> import_alerts(std::span<const imported_alert> batch) override {
    return memory_.import_alerts(batch);
  }
  void prepare_bulk_import() override { memory_.prepare_bulk_import(); }
  void finish_bulk_import() override { memory_.finish_bulk_import(); }
  std::int64_t count_not_imported() override { return memory_.count_not_imported(); }

 private:
  memory_alert_store memory_;
};

}  // namespace pricewatch
