// Tests alert_service against the real store of every database backend: validation, ownership,
// listing and the changes it publishes; and, through the in-process event bus and the cache's
// reactions, that its changes leave no stale cached response.
#include "alerts/alert_service.hpp"

#include "app/alert_reactions.hpp"
#include "cache/response_cache.hpp"
#include "queue/in_process/in_process_event_bus.hpp"
#include "storage/database.hpp"
#include "scratch_database.hpp"

#include <gtest/gtest.h>

#include <span>
#include <string>
#include <vector>

namespace pricewatch {
namespace {

using namespace std::chrono_literals;

// Remembers what was published, as "created 3 BTCUSDT" and "deleted 3 BTCUSDT".
queue::subscriber recording(std::vector<std::string>& events) {
  return queue::subscriber{[&events](const alert_event& event, event_origin) {
                             const char* kind = event.kind == alert_event_kind::created ? "created " : "deleted ";
                             events.push_back(kind + std::to_string(event.changed.id) + " " + event.changed.symbol);
                           },
                           nullptr, nullptr};
}

class alert_service_test : public ::testing::TestWithParam<std::string> {
 protected:
  alert_service_test() {
    bus_.subscribe(cache_reactions(*cache_));
    bus_.subscribe(recording(events_));
    database_->migrate();
    first_user_ = database_->users().create("a@example.com", "hash-a", clock_.now())->id;
    second_user_ = database_->users().create("b@example.com", "hash-b", clock_.now())->id;
  }

  alert make(std::int64_t user_id, std::string_view target = "51000", std::string symbol = "BTCUSDT") {
    clock_.advance(1s);
    auto created = service_.create(user_id, level_request(std::move(symbol), alert_condition::above, *price::parse(target)));
    EXPECT_TRUE(created) << (created ? "" : created.error().message);
    return created ? *created : alert{};
  }

  result<alert_page> list(std::int64_t user_id, std::optional<alert_status> status = std::nullopt,
                          std::optional<std::string> symbol = std::nullopt, page_request page = {}) {
    return service_.list(alert_filter{user_id, status, std::move(symbol), std::nullopt}, page);
  }

  test_support::scratch_database scratch_{GetParam()};
  manual_clock clock_{time_point(std::chrono::seconds(1'790'000'000))};
  std::unique_ptr<database> database_ = make_database(database_config{scratch_.url(), 2});
  std::unique_ptr<response_cache> cache_ = make_response_cache(cache_config{}, clock_);
  queue::in_process_event_bus bus_;
  std::vector<std::string> events_;
  alert_service service_{database_->alerts(), bus_, clock_};
  std::int64_t first_user_ = 0;
  std::int64_t second_user_ = 0;
};

TEST_P(alert_service_test, create_stores_a_valid_alert) {
  const auto created = service_.create(first_user_, level_request("ETHUSDT", alert_condition::below, *price::parse("2500.5")));
  ASSERT_TRUE(created);
  EXPECT_GT(created->id, 0);
  EXPECT_EQ(created->user_id, first_user_);
  EXPECT_EQ(created->owner_email, "a@example.com");
  EXPECT_EQ(created->symbol, "ETHUSDT");
  EXPECT_EQ(created->condition, alert_condition::below);
  EXPECT_EQ(created->target.to_string(), "2500.5");
  EXPECT_EQ(created->status, alert_status::created);
  EXPECT_EQ(created->created_at, clock_.now());

  const auto found = service_.find(first_user_, created->id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->symbol, "ETHUSDT");
  EXPECT_EQ(found->condition, alert_condition::below);
  EXPECT_EQ(found->target, created->target);
  EXPECT_EQ(found->owner_email, "a@example.com");
  EXPECT_EQ(found->created_at, clock_.now());
  EXPECT_EQ(found->triggered_at, std::nullopt);
  EXPECT_EQ(found->triggered_price, std::nullopt);
}

TEST_P(alert_service_test, create_refuses_a_bad_symbol_or_price) {
  const auto bad_symbol = service_.create(first_user_, level_request("btc-usdt", alert_condition::above, *price::parse("1")));
  ASSERT_FALSE(bad_symbol);
  EXPECT_EQ(bad_symbol.error().code, errc::validation_failed);

  const auto zero = service_.create(first_user_, level_request("BTCUSDT", alert_condition::above, price()));
  ASSERT_FALSE(zero);
  EXPECT_EQ(zero.error().code, errc::validation_failed);
  EXPECT_EQ(zero.error().message, "Price must be positive.");

  EXPECT_EQ(list(first_user_)->count, 0);
}

TEST_P(alert_service_test, another_users_alert_is_not_found_and_left_alone) {
  const auto mine = make(first_user_);
  const auto removed = service_.remove(second_user_, mine.id);
  ASSERT_FALSE(removed);
  EXPECT_EQ(removed.error().code, errc::not_found);
  EXPECT_EQ(removed.error().message, "Alert not found or not authorized.");

  const auto found_by_other = service_.find(second_user_, mine.id);
  ASSERT_FALSE(found_by_other);
  EXPECT_EQ(found_by_other.error().code, errc::not_found);

  const auto still_mine = service_.find(first_user_, mine.id);
  ASSERT_TRUE(still_mine);
  EXPECT_EQ(still_mine->status, alert_status::created);
}

TEST_P(alert_service_test, a_missing_alert_is_not_found) {
  const auto removed = service_.remove(first_user_, 999);
  ASSERT_FALSE(removed);
  EXPECT_EQ(removed.error().code, errc::not_found);
  EXPECT_FALSE(service_.find(first_user_, 999));
}

TEST_P(alert_service_test, removing_twice_succeeds_and_marks_the_alert_deleted) {
  const auto mine = make(first_user_);
  EXPECT_TRUE(service_.remove(first_user_, mine.id));
  EXPECT_TRUE(service_.remove(first_user_, mine.id));
  const auto found = service_.find(first_user_, mine.id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->status, alert_status::deleted);
}

TEST_P(alert_service_test, lists_only_own_alerts_newest_first_with_count) {
  const auto oldest = make(first_user_, "1");
  const auto middle = make(first_user_, "2");
  make(second_user_, "3");
  const auto newest = make(first_user_, "4");

  const auto page = list(first_user_);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->count, 3);
  ASSERT_EQ(page->alerts.size(), 3u);
  EXPECT_EQ(page->alerts[0].id, newest.id);
  EXPECT_EQ(page->alerts[1].id, middle.id);
  EXPECT_EQ(page->alerts[2].id, oldest.id);
  for (const auto& item : page->alerts) {
    EXPECT_EQ(item.user_id, first_user_);
  }
}

TEST_P(alert_service_test, filters_by_status) {
  const auto kept = make(first_user_);
  const auto removed = make(first_user_);
  make(first_user_);
  ASSERT_TRUE(service_.remove(first_user_, removed.id));

  const auto created = list(first_user_, alert_status::created);
  ASSERT_TRUE(created);
  EXPECT_EQ(created->count, 2);
  ASSERT_EQ(created->alerts.size(), 2u);
  EXPECT_EQ(created->alerts[1].id, kept.id);

  const auto deleted = list(first_user_, alert_status::deleted);
  ASSERT_TRUE(deleted);
  EXPECT_EQ(deleted->count, 1);
  ASSERT_EQ(deleted->alerts.size(), 1u);
  EXPECT_EQ(deleted->alerts[0].id, removed.id);
  EXPECT_EQ(deleted->alerts[0].status, alert_status::deleted);

  EXPECT_EQ(list(first_user_, alert_status::triggered)->count, 0);
}

TEST_P(alert_service_test, filters_by_symbol) {
  make(first_user_, "1", "BTCUSDT");
  const auto ether = make(first_user_, "1", "ETHUSDT");
  make(first_user_, "1", "BTCUSDT");

  const auto page = list(first_user_, std::nullopt, "ETHUSDT");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->count, 1);
  ASSERT_EQ(page->alerts.size(), 1u);
  EXPECT_EQ(page->alerts[0].id, ether.id);
  EXPECT_EQ(list(first_user_, std::nullopt, "BTCUSDT")->count, 2);
  EXPECT_EQ(list(first_user_, alert_status::deleted, "BTCUSDT")->count, 0);
}

TEST_P(alert_service_test, pages_through_the_list_and_refuses_a_page_past_the_end) {
  std::vector<alert> made;
  for (int i = 0; i < 12; ++i) made.push_back(make(first_user_));

  const auto second = list(first_user_, std::nullopt, std::nullopt, page_request{2, 10});
  ASSERT_TRUE(second);
  EXPECT_EQ(second->count, 12);
  ASSERT_EQ(second->alerts.size(), 2u);
  EXPECT_EQ(second->alerts[0].id, made[1].id);
  EXPECT_EQ(second->alerts[1].id, made[0].id);

  const auto third = list(first_user_, std::nullopt, std::nullopt, page_request{3, 10});
  ASSERT_FALSE(third);
  EXPECT_EQ(third.error().code, errc::not_found);
  EXPECT_EQ(third.error().message, "Invalid page.");
}

// The original routes list oldest first; "last" is the last page, whatever its number.
TEST_P(alert_service_test, pages_oldest_first_and_finds_the_last_page) {
  std::vector<alert> made;
  for (int i = 0; i < 12; ++i) made.push_back(make(first_user_));
  make(second_user_);

  page_request first{1, 10};
  first.order = list_order::oldest_first;
  const auto opening = list(first_user_, std::nullopt, std::nullopt, first);
  ASSERT_TRUE(opening);
  ASSERT_EQ(opening->alerts.size(), 10u);
  for (std::size_t i = 0; i < 10; ++i) EXPECT_EQ(opening->alerts[i].id, made[i].id) << i;

  page_request last = first;
  last.last = true;
  const auto closing = list(first_user_, std::nullopt, std::nullopt, last);
  ASSERT_TRUE(closing);
  EXPECT_EQ(closing->page.number, 2);
  EXPECT_FALSE(closing->page.last);
  ASSERT_EQ(closing->alerts.size(), 2u);
  EXPECT_EQ(closing->alerts[0].id, made[10].id);
  EXPECT_EQ(closing->alerts[1].id, made[11].id);

  const auto none = list(first_user_, alert_status::triggered, std::nullopt, last);
  ASSERT_TRUE(none);
  EXPECT_EQ(none->page.number, 1);
  EXPECT_TRUE(none->alerts.empty());
}

TEST_P(alert_service_test, the_first_page_of_no_alerts_is_empty) {
  const auto page = list(second_user_);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->count, 0);
  EXPECT_TRUE(page->alerts.empty());
}

TEST_P(alert_service_test, create_and_remove_invalidate_only_the_owners_cache) {
  cache_->put(first_user_, "list", "first body");
  cache_->put(second_user_, "list", "second body");
  const auto mine = make(first_user_);
  EXPECT_EQ(cache_->get(first_user_, "list"), std::nullopt);
  EXPECT_EQ(cache_->get(second_user_, "list"), "second body");

  cache_->put(first_user_, "list", "first body again");
  ASSERT_TRUE(service_.remove(first_user_, mine.id));
  EXPECT_EQ(cache_->get(first_user_, "list"), std::nullopt);
  EXPECT_EQ(cache_->get(second_user_, "list"), "second body");
}

TEST_P(alert_service_test, each_creation_and_deletion_is_published_once) {
  const auto mine = make(first_user_, "1", "ETHUSDT");
  ASSERT_TRUE(service_.remove(first_user_, mine.id));
  ASSERT_TRUE(service_.remove(first_user_, mine.id));
  ASSERT_FALSE(service_.remove(second_user_, mine.id));
  ASSERT_FALSE(service_.create(first_user_, level_request("bad symbol", alert_condition::above, *price::parse("1"))));
  const auto id = std::to_string(mine.id);
  EXPECT_EQ(events_, (std::vector<std::string>{"created " + id + " ETHUSDT", "deleted " + id + " ETHUSDT"}));
}

TEST_P(alert_service_test, a_triggered_alert_can_be_removed_and_keeps_its_history) {
  const auto mine = make(first_user_);
  const firing fired{mine.id, *price::parse("51000.5"), clock_.now()};
  ASSERT_EQ(database_->alerts().fire(std::span(&fired, 1), clock_.now()).size(), 1u);
  ASSERT_TRUE(service_.remove(first_user_, mine.id));
  const auto found = service_.find(first_user_, mine.id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->status, alert_status::deleted);
  EXPECT_EQ(found->triggered_price, *price::parse("51000.5"));
  EXPECT_EQ(found->triggered_at, clock_.now());
  EXPECT_EQ(list(first_user_, alert_status::triggered)->count, 0);
  EXPECT_EQ(list(first_user_, alert_status::deleted)->count, 1);
  ASSERT_TRUE(service_.remove(first_user_, mine.id)) << "deleting it again succeeds again";
}

INSTANTIATE_TEST_SUITE_P(backends, alert_service_test, ::testing::ValuesIn(test_support::database_backends()),
                         test_support::backend_name);

}  // namespace
}  // namespace pricewatch
