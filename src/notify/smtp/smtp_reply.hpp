// What an SMTP server's reply says about trying again (RFC 5321 section 4.2.1): 4xx is a
// transient failure, 5xx a permanent one, except the replies about this service's own
// authentication (530, 534, 535, 538), which an operator fixes and after which every message
// must still go out.
#pragma once

namespace pricewatch {

// True when a message refused with this reply code must not be tried again; false for 0 (no
// reply: a connection, TLS or timeout failure) and for every transient reply.
constexpr bool smtp_refusal_is_permanent(long reply_code) {
  if (reply_code < 500 || reply_code > 599) return false;
  return reply_code != 530 && reply_code != 534 && reply_code != 535 && reply_code != 538;
}

}  // namespace pricewatch
