#include "app/mail_test_command.hpp"

#include "notify/mail_message.hpp"
#include "notify/mail_sender.hpp"

namespace pricewatch {

int send_test_mail(mail_sender& sender, const std::string& from, const std::string& address, const wall_clock& clock,
                   std::FILE* out, std::FILE* err) {
  if (auto refused = unsendable_address(address)) {
    std::fprintf(err, "pricewatch mail test: %s: %s\n", address.c_str(), refused->c_str());
    return 1;
  }
  const auto failure = sender.send(compose_test_mail(address, from, clock.now()));
  if (failure) {
    std::fprintf(err, "pricewatch mail test: not sent to %s: %s\n", address.c_str(), failure->reason.c_str());
    return 1;
  }
  const auto answer = sender.last_answer();
  if (sender.accepted_as() == delivered::saved) {
    std::fprintf(out, "not sent (mail.url is not set): %s\n", answer.c_str());
  } else {
    std::fprintf(out, "sent to %s from %s; the server answered: %s\n", address.c_str(), from.c_str(),
                 answer.empty() ? "(nothing)" : answer.c_str());
  }
  return 0;
}

int run_mail_test(const config& settings, const std::string& address) {
  const system_wall_clock clock;
  auto sender = make_mail_sender(mail_config{settings.mail.url});
  return send_test_mail(*sender, settings.mail.from, address, clock, stdout, stderr);
}

}  // namespace pricewatch
