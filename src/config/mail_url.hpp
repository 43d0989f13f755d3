// mail.url checked when the configuration loads, and said in one line at startup: where mail
// goes (the SMTP server's host and port, never its credentials), or that it is only saved.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pricewatch {

// Why mail.url cannot be used, as a sentence's end after the key's name; nullopt when it can
// (empty included: the outbox folder). A usable URL is smtp:// or smtps://, has a host, a port
// (if any) of 1 to 65535, no query or fragment, and its user and password percent-encoded.
std::optional<std::string> mail_url_problem(std::string_view url);

// The startup line for a usable mail.url: "mail goes to the SMTP server HOST:PORT ..." or, when
// empty, that messages are only saved in outbox_folder.
std::string describe_mail_destination(std::string_view url, std::string_view outbox_folder);

}  // namespace pricewatch
