// What an exchange (or whatever sits between) can do to the feed: drop the connection ten times
// in ten seconds, flood it with 10,000 frames, send a 10 MB frame and garbage. pricewatch keeps
// running in bounded memory, and an alert crossed afterwards still fires and is mailed.
#include "watch_fixture.hpp"

#include "eventually.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>

namespace pricewatch::e2e {
namespace {

using namespace std::chrono_literals;

// Resident memory of the process now (VmRSS) or at its peak (VmHWM), in MiB, from /proc.
double memory_mib(pid_t pid, std::string_view field) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind(field, 0) == 0) return std::stod(line.substr(field.size() + 1)) / 1024.0;
  }
  return -1;
}

class feed_abuse_test : public watch_test {
 protected:
  // After many drops the watcher waits longer before it connects again (its backoff grew to about
  // 14 s after ten drops), so this waits longer than wait_for_subscription's 10 s.
  bool resubscribed() {
    return eventually([&] { return exchange().subscribed("BTCUSDT"); }, 60s);
  }
};

TEST_F(feed_abuse_test, survives_drops_floods_huge_frames_and_garbage_and_still_fires) {
  const test_user owner = register_user("abused");
  const std::int64_t id = create_watched_alert(owner, "BTCUSDT", "above", "51000");
  ASSERT_NE(id, 0);
  const double before = memory_mib(pricewatch().pid(), "VmRSS:");

  // Ten drops in ten seconds: each time the watcher reconnects and subscribes again.
  int dropped = 0;
  for (int drop = 0; drop < 10; ++drop) {
    dropped += static_cast<int>(exchange().drop());
    std::this_thread::sleep_for(1s);  // the drops' pace, not a wait for a condition
  }
  ASSERT_TRUE(resubscribed());
  // 10,000 frames at once: well-formed events of a symbol nobody follows, then malformed ones.
  const auto flood_start = std::chrono::steady_clock::now();
  const std::int64_t flooded =
      exchange().garbage(R"({"e":"aggTrade","E":1,"s":"ETHUSDT","a":1,"p":"1.0","q":"1","T":1,"m":true})", 5000, 0) +
      exchange().garbage("{\"e\":\"aggTrade\",\"p\":", 5000, 0);
  const double flood_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - flood_start).count();
  // A 10 MB frame (over the feed's 1 MiB message limit: the connection is dropped and made again),
  // then garbage.
  ASSERT_TRUE(resubscribed());
  exchange().garbage("{\"e\":\"aggTrade\",\"s\":\"BTCUSDT\",\"p\":\"", 1, 10 * 1024 * 1024);
  ASSERT_TRUE(resubscribed());
  // Control characters, a NUL escape and non-ASCII (valid UTF-8: a text frame must be).
  exchange().garbage("\x01\x02{[\"\\u0000\xc3\xbf\xe2\x82\xac", 100, 0);

  ASSERT_TRUE(pricewatch().running()) << pricewatch().output();
  const double after = memory_mib(pricewatch().pid(), "VmRSS:");
  const double peak = memory_mib(pricewatch().pid(), "VmHWM:");
  std::cout << "[ figures ] feed abuse: " << dropped << " connections dropped in 10 s, " << flooded
            << " flood frames in " << flood_s << " s, a 10 MiB frame, garbage; memory " << before << " MiB before, "
            << after << " MiB after, peak " << peak << " MiB\n";
  EXPECT_LT(peak, 200.0);
  EXPECT_LT(after, before + 50.0);

  // And the alert still fires, and is mailed, on the next trade.
  ASSERT_TRUE(resubscribed());
  EXPECT_EQ(exchange().set_price("BTCUSDT", "51500"), 1);
  EXPECT_TRUE(wait_for_status(owner, id, "triggered"));
  EXPECT_TRUE(mail().wait_for_count(1, 20s));
  EXPECT_EQ(mails_by_alert().count(id), 1u);
}

}  // namespace
}  // namespace pricewatch::e2e
