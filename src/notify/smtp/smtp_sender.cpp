#include "notify/smtp/smtp_sender.hpp"

#include "notify/smtp/smtp_reply.hpp"
#include "notify/stall_watch.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <vector>

namespace pricewatch {
namespace {

struct slist_deleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using slist = std::unique_ptr<curl_slist, slist_deleter>;

void append(slist& list, const std::string& line) {
  curl_slist* grown = curl_slist_append(list.get(), line.c_str());
  if (grown == nullptr) throw std::bad_alloc();
  (void)list.release();
  list.reset(grown);
}

// The rendered message handed to libcurl piece by piece as the upload's body (libcurl adds the
// SMTP dot-stuffing and the final "." line).
struct upload {
  const std::string& text;
  std::size_t sent = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* state) {
  auto& from = *static_cast<upload*>(state);
  const auto length = std::min(size * count, from.text.size() - from.sent);
  std::memcpy(buffer, from.text.data() + from.sent, length);
  from.sent += length;
  return length;
}

// libcurl calls it about once a second even while the server says nothing.
int on_progress(void* stalls, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  static_cast<stall_watch*>(stalls)->poll();
  return 0;
}

std::string address_of(const std::string& mailbox) { return "<" + mailbox + ">"; }

// libcurl hands over what the server said as CURLINFO_HEADER_IN, line by line (a QUIT's "221 Bye"
// may follow the reply that matters).
int keep_reply(CURL*, curl_infotype type, char* data, std::size_t size, void* state) {
  if (type != CURLINFO_HEADER_IN) return 0;
  std::string line(data, size);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  if (!line.empty()) static_cast<std::vector<std::string>*>(state)->push_back(std::move(line));
  return 0;
}

// The last line of the reply with that code ("550 5.1.1 no such user"), or the code alone.
std::string reply_with_code(const std::vector<std::string>& lines, long code) {
  const auto prefix = std::to_string(code);
  for (auto line = lines.rbegin(); line != lines.rend(); ++line) {
    if (line->starts_with(prefix)) return *line;
  }
  return prefix;
}

}  // namespace

smtp_sender::smtp_sender(const mail_config& config) : config_(config), handle_(curl_easy_init()) {
  if (handle_ == nullptr) {
    throw std::runtime_error("libcurl could not create a handle");
  }
}

smtp_sender::~smtp_sender() { curl_easy_cleanup(static_cast<CURL*>(handle_)); }

std::optional<send_failure> smtp_sender::send(const mail_message& message) {
  CURL* curl = static_cast<CURL*>(handle_);
  // Options stay on the handle between messages; the connection cache stays with them.
  curl_easy_reset(curl);
  slist recipients;
  append(recipients, address_of(message.to));
  // The same bytes as the .eml file writer's: one renderer for every way a mail leaves.
  const std::string text = render_rfc5322(message);
  upload body{text, 0};

  const long timeout = static_cast<long>(config_.timeout.count());
  curl_easy_setopt(curl, CURLOPT_URL, config_.url.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  // libcurl's connect phase for SMTP lasts until the greeting and EHLO are answered.
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, static_cast<long>(config_.greeting_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, timeout);
  curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, address_of(message.from).c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(curl, CURLOPT_READDATA, &body);
  curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(text.size()));
  if (config_.stalls != nullptr) {
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, config_.stalls);
  }
  std::vector<std::string> replies;
  curl_easy_setopt(curl, CURLOPT_DEBUGFUNCTION, keep_reply);
  curl_easy_setopt(curl, CURLOPT_DEBUGDATA, &replies);
  curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L);

  const CURLcode result = curl_easy_perform(curl);
  long reply = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply);
  last_reply_ = reply != 0 ? reply_with_code(replies, reply) : std::string();
  if (result == CURLE_OK) {
    return std::nullopt;
  }
  std::string reason = curl_easy_strerror(result);
  if (reply != 0) reason += " (server replied " + last_reply_ + ")";
  return send_failure{std::move(reason), smtp_refusal_is_permanent(reply), std::nullopt};
}

}  // namespace pricewatch
