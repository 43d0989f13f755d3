#include "config/mail_url.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <algorithm>
#include <charconv>

namespace pricewatch {
namespace {

// libcurl's defaults when the URL names no port.
std::string_view default_port(std::string_view scheme) { return scheme == "smtps" ? "465" : "25"; }

}  // namespace

std::optional<std::string> mail_url_problem(std::string_view url) {
  if (url.empty()) return std::nullopt;
  const auto refuse = [url](std::string_view why) {
    return "must be smtp://[USER:PASSWORD@]HOST[:PORT] or smtps://..., with the user and password "
           "percent-encoded (an @ in a user name is %40); " + std::string(why) + ": \"" + std::string(url) + "\"";
  };
  // The usual mistake, a user name that is an address: the first @ would end the user part.
  const auto start = url.find("://");
  const auto authority = start == std::string_view::npos ? url : url.substr(start + 3, url.find_first_of("/?#", start + 3) - start - 3);
  if (std::ranges::count(authority, '@') > 1) return refuse("it holds more than one @ (encode the user name's as %40)");
  const auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) return refuse("this is not a URL");
  const auto& view = *parsed;
  if (view.scheme() != "smtp" && view.scheme() != "smtps") return refuse("its scheme is " + std::string(view.scheme()));
  if (view.encoded_host().empty()) return refuse("it has no host");
  if (view.has_port()) {
    const auto text = view.port();
    unsigned long port = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), port);
    if (error != std::errc{} || end != text.data() + text.size() || port == 0 || port > 65535) {
      return refuse("its port is not 1 to 65535");
    }
  }
  if (view.has_query() || view.has_fragment()) return refuse("it has a query or a fragment");
  return std::nullopt;
}

std::string describe_mail_destination(std::string_view url, std::string_view outbox_folder) {
  if (url.empty()) {
    return "mail is not sent: each message is saved as an .eml file in " + std::string(outbox_folder) +
           " (status saved); set mail.url to send it through an SMTP server";
  }
  const auto view = boost::urls::parse_absolute_uri(url).value();
  const std::string port = view.has_port() ? std::string(view.port()) : std::string(default_port(view.scheme()));
  const bool implicit_tls = view.scheme() == "smtps";
  std::string line = "mail goes to the SMTP server " + std::string(view.encoded_host()) + ":" + port +
                     (implicit_tls ? " over TLS" : " (STARTTLS when the server offers it)");
  if (view.has_userinfo()) line += ", logging in as " + std::string(view.user());
  return line;
}

}  // namespace pricewatch
