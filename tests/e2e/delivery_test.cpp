// End-to-end tests of delivery (DESIGN.md 6): mails refused for a while are retried until sent,
// and a mail not yet sent when the process is killed is sent after the restart, each exactly once.
#include "watch_fixture.hpp"

#include "eventually.hpp"
#include "small_disk.hpp"

#include <boost/json/serialize.hpp>

namespace pricewatch::e2e {
namespace {

using boost::json::value;

class delivery_test : public watch_test {
 protected:
  value notification(const test_user& owner, std::int64_t id) { return member(alert(owner, id), "notification"); }

  // The notification is pending after at least that many failed attempts, with their reason.
  bool pending_after(const test_user& owner, std::int64_t id, std::int64_t attempts) {
    const value state = notification(owner, id);
    const value tries = member(state, "attempts");
    const value error = member(state, "last_error");
    return member(state, "status") == value("pending") && tries.is_int64() && tries.as_int64() >= attempts &&
           error.is_string() && !error.as_string().empty();
  }

  bool sent(const test_user& owner, std::int64_t id) {
    return member(notification(owner, id), "status") == value("sent");
  }
};

TEST_F(delivery_test, delivers_every_mail_once_after_the_mail_server_refused_for_a_while) {
  const test_user alice = register_user("refused");
  const test_user bob = register_user("refused");
  const test_user carol = register_user("sentinel");
  mail().refuse(true);
  const std::int64_t first = create_alert(alice, "BTCUSDT", "above", "51000");
  const std::int64_t second = create_alert(bob, "BTCUSDT", "above", "51000.5");
  const std::int64_t sentinel = create_watched_alert(carol, "BTCUSDT", "above", "60000");

  EXPECT_EQ(exchange().set_price("BTCUSDT", "51500"), 1);
  ASSERT_TRUE(wait_for_status(alice, first, "triggered"));
  ASSERT_TRUE(wait_for_status(bob, second, "triggered"));
  // Refused twice each (the first retry comes about a second later).
  EXPECT_TRUE(eventually([&] { return pending_after(alice, first, 2) && pending_after(bob, second, 2); }))
      << boost::json::serialize(notification(alice, first)) << " " << boost::json::serialize(notification(bob, second));
  EXPECT_GE(mail().refusals(), 4);
  EXPECT_EQ(mail().count(), 0u);
  EXPECT_GE(metric("pricewatch_notifications_retried_total"), 2);
  EXPECT_EQ(metric("pricewatch_notifications_sent_total"), 0);
  EXPECT_EQ(metric(R"(pricewatch_notifications{status="pending"})"), 2);

  // Accepting again: the retries, at most a few seconds apart by now, get through.
  mail().refuse(false);
  ASSERT_TRUE(mail().wait_for_count(2, std::chrono::seconds(20))) << mail().count() << " mails";
  EXPECT_TRUE(eventually([&] { return sent(alice, first) && sent(bob, second); }))
      << boost::json::serialize(notification(alice, first)) << " " << boost::json::serialize(notification(bob, second));
  const value settled = notification(alice, first);
  EXPECT_GE(integer_of(member(settled, "attempts")), 3) << boost::json::serialize(settled);

  // The sentinel's mail comes after any late duplicate would have.
  EXPECT_EQ(exchange().set_price("BTCUSDT", "60000"), 1);
  ASSERT_TRUE(wait_for_status(carol, sentinel, "triggered"));
  ASSERT_TRUE(mail().wait_for_count(3));
  EXPECT_EQ(mail().count(), 3u);
  const auto mails = mails_by_alert();
  ASSERT_EQ(mails.size(), 3u);
  for (const auto& [id, received] : mails) EXPECT_EQ(received.size(), 1u) << "mails for alert " << id;
  expect_alert_mail(mails.at(first).front(), alice, first, "BTCUSDT", "above", "51500.00", "51000.00");
  expect_alert_mail(mails.at(second).front(), bob, second, "BTCUSDT", "above", "51500.00", "51000.50");
  expect_alert_mail(mails.at(sentinel).front(), carol, sentinel, "BTCUSDT", "above", "60000.00", "60000.00");
  EXPECT_TRUE(eventually([&] { return metric("pricewatch_notifications_sent_total") == 3; }));
  EXPECT_EQ(metric(R"(pricewatch_notifications{status="sent"})"), 3);
}

// A mailbox the server refuses for good (550) is not retried for an hour: the notification fails
// at its first attempt with the server's reason, and other owners' mails still go out.
TEST_F(delivery_test, fails_at_once_when_the_mail_server_refuses_the_recipient_for_good) {
  const test_user rejected = register_user("reject-mailbox");
  const test_user accepted = register_user("accepted");
  ASSERT_EQ(rejected.email.rfind("reject-", 0), 0u) << rejected.email;
  const std::int64_t refused_id = create_alert(rejected, "BTCUSDT", "above", "51000");
  const std::int64_t sent_id = create_watched_alert(accepted, "BTCUSDT", "above", "51000");
  EXPECT_EQ(exchange().set_price("BTCUSDT", "51500"), 1);
  ASSERT_TRUE(mail().wait_for_count(1));
  EXPECT_TRUE(eventually([&] { return member(notification(rejected, refused_id), "status") == value("failed"); }))
      << boost::json::serialize(notification(rejected, refused_id));
  const value state = notification(rejected, refused_id);
  EXPECT_EQ(member(state, "attempts"), value(1)) << boost::json::serialize(state);
  EXPECT_NE(string_of(member(state, "last_error")).find("550"), std::string::npos) << boost::json::serialize(state);
  EXPECT_TRUE(eventually([&] { return sent(accepted, sent_id); }));
  EXPECT_EQ(metric("pricewatch_notifications_retried_total"), 0);
  EXPECT_EQ(metric("pricewatch_notifications_failed_total"), 1);
}

TEST_F(delivery_test, delivers_after_a_sigkill_between_firing_and_sending) {
  const test_user alice = register_user("killed");
  mail().refuse(true);
  const std::int64_t id = create_watched_alert(alice, "BTCUSDT", "above", "51000");
  EXPECT_EQ(exchange().set_price("BTCUSDT", "51234.5678"), 1);
  ASSERT_TRUE(wait_for_status(alice, id, "triggered"));
  ASSERT_TRUE(eventually([&] { return pending_after(alice, id, 1); }))
      << boost::json::serialize(notification(alice, id));
  EXPECT_GE(mail().refusals(), 1);

  kill_pricewatch();
  mail().refuse(false);
  EXPECT_EQ(mail().count(), 0u);
  start_pricewatch();
  // Due at once at startup, not after the retry delay the killed process had set.
  ASSERT_TRUE(mail().wait_for_count(1, std::chrono::seconds(5))) << mail().count() << " mails";
  EXPECT_TRUE(eventually([&] { return sent(alice, id); })) << boost::json::serialize(notification(alice, id));
  const value fired = alert(alice, id);
  EXPECT_EQ(member(fired, "status"), value("triggered"));
  EXPECT_EQ(member(fired, "triggered_price"), value("51234.5678"));

  // A sentinel through the new process: its mail comes after any duplicate would have.
  const std::int64_t sentinel = create_watched_alert(alice, "BTCUSDT", "above", "52000");
  EXPECT_EQ(exchange().set_price("BTCUSDT", "52000"), 1);
  ASSERT_TRUE(mail().wait_for_count(2));
  EXPECT_EQ(mail().count(), 2u);
  const auto mails = mails_by_alert();
  ASSERT_TRUE(mails.contains(id) && mails.contains(sentinel)) << mails.size() << " alerts mailed";
  EXPECT_EQ(mails.at(id).size(), 1u);
  expect_alert_mail(mails.at(id).front(), alice, id, "BTCUSDT", "above", "51234.5678", "51000.00");
}

// The database on a real small tmpfs (small_disk.hpp), for firing while its disk is full.
class full_disk_delivery_test : public delivery_test {
 protected:
  void start_services() override {
    ASSERT_TRUE(disk_.mounted()) << "mounting a tmpfs needs root or password-less sudo";
    extra_environment.emplace_back("PRICEWATCH_DATABASE_URL", "sqlite://" + database_file().string());
    start_pricewatch();
  }
  std::filesystem::path database_file() const { return disk_.path() / "pricewatch.db"; }
  std::string readiness_of_database() {
    return string_of(member(member(api().get("/readyz").json(), "checks"), "database"));
  }

  small_disk disk_{"4m"};
};

// Alerts crossed while the disk is full fire, and are mailed, exactly once: the firing is stored
// through the space the database gives back, or kept by the watcher until the disk has room.
TEST_F(full_disk_delivery_test, fires_and_mails_every_alert_crossed_while_the_disk_was_full_exactly_once) {
  const test_user alice = register_user("fulldisk");
  std::vector<std::int64_t> ids;
  for (int index = 0; index < 200; ++index) {
    ids.push_back(create_alert(alice, "BTCUSDT", "above", std::to_string(50'000 + index)));
  }
  ASSERT_TRUE(exchange().wait_for_subscription("BTCUSDT"));
  // Another program takes every byte it can, including what the database gives back.
  auto hog = std::make_unique<space_hog>(disk_.path() / "filler");
  ASSERT_TRUE(hog->full());

  EXPECT_EQ(exchange().set_price("BTCUSDT", "51000.5"), 1);
  ASSERT_TRUE(eventually([&] { return pricewatch().output().find("the disk is full") != std::string::npos; }))
      << "no write met the full disk";
  EXPECT_TRUE(eventually([&] { return readiness_of_database() == "disk_full"; }));

  hog.reset();  // the disk has room again
  for (const auto id : ids) ASSERT_TRUE(wait_for_status(alice, id, "triggered"));
  ASSERT_TRUE(mail().wait_for_count(ids.size(), std::chrono::seconds(30))) << mail().count() << " mails";
  const auto mails = mails_by_alert();
  EXPECT_EQ(mails.size(), ids.size());
  for (const auto& [id, received] : mails) EXPECT_EQ(received.size(), 1u) << "mails for alert " << id;
  EXPECT_TRUE(eventually([&] { return readiness_of_database() == "ok"; }));
}

}  // namespace
}  // namespace pricewatch::e2e
