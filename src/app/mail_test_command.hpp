// `pricewatch mail test ADDRESS`: one test message through the configured mail settings (mail.url,
// mail.from), and what the server answered, so that an operator knows mail works before an
// alert depends on it.
#pragma once

#include "config/config.hpp"
#include "core/clock.hpp"

#include <cstdio>
#include <string>

namespace pricewatch {

class mail_sender;

// Sends the test message to address through sender and prints the answer on out ("sent to ...:
// 250 ..." or "not sent: saved as ...") or the error on err. Exit status: 0 accepted (sent, or
// saved without mail.url, which the line says), 1 refused or failed.
int send_test_mail(mail_sender& sender, const std::string& from, const std::string& address, const wall_clock& clock,
                   std::FILE* out, std::FILE* err);

// The command: the sender mail.url names, then send_test_mail on stdout and stderr.
int run_mail_test(const config& settings, const std::string& address);

}  // namespace pricewatch
