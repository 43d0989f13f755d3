// Test messages (POST /api/v1/channels/{id}/test): a sample firing sent through a channel now,
// by the request's own thread, with a mail connection and HTTP poster of the tester's own. One
// test at a time per process (they are rare); shared by all request threads.
#pragma once

#include "core/clock.hpp"
#include "notify/channel.hpp"
#include "notify/channel_kit.hpp"

#include <memory>
#include <mutex>

namespace pricewatch {

class mail_sender;
class channel_store;

// The firing a test message tells of: BTCUSDT above 51000, now 51000.5, queued at now; its id
// (and so its webhook-id) is now's milliseconds, a different one for each test.
notification sample_notification(time_point now);

class channel_tester {
 public:
  // mail_url and from as mail.url and mail.from. Throws std::runtime_error when libcurl cannot
  // make a handle.
  channel_tester(const std::string& mail_url, const std::string& from, channel_store& channels,
                 const wall_clock& clock, const channel_kit_settings& settings);
  ~channel_tester();

  send_result send(const delivery_channel& destination);
  // Mails an email channel's confirmation link; the reason when it could not.
  std::optional<std::string> send_confirmation(const delivery_channel& destination, const std::string& link);
  // Mails a password reset link to an account's address; the reason when it could not.
  std::optional<std::string> send_password_reset(const std::string& address, const std::string& link,
                                                 std::chrono::seconds valid_for);

 private:
  const wall_clock& clock_;
  std::string from_;
  std::unique_ptr<mail_sender> mail_;
  std::unique_ptr<channel> email_;
  std::unique_ptr<channel_kit> kit_;
  std::mutex mutex_;
};

}  // namespace pricewatch
