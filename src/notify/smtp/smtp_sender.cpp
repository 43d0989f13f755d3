#include "notify/smtp/smtp_sender.hpp"

#include <curl/curl.h>

#include <memory>
#include <stdexcept>

namespace pricewatch {
namespace {

struct slist_deleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using slist = std::unique_ptr<curl_slist, slist_deleter>;

struct mime_deleter {
  void operator()(curl_mime* mime) const { curl_mime_free(mime); }
};
using mime = std::unique_ptr<curl_mime, mime_deleter>;

void append(slist& list, const std::string& line) {
  curl_slist* grown = curl_slist_append(list.get(), line.c_str());
  if (grown == nullptr) throw std::bad_alloc();
  (void)list.release();
  list.reset(grown);
}

void add_part(curl_mime* parent, const std::string& data, const char* type) {
  curl_mimepart* part = curl_mime_addpart(parent);
  curl_mime_data(part, data.data(), data.size());
  curl_mime_type(part, type);
  curl_mime_encoder(part, "quoted-printable");
}

std::string address_of(const std::string& mailbox) { return "<" + mailbox + ">"; }

}  // namespace

smtp_sender::smtp_sender(const mail_config& config) : config_(config), handle_(curl_easy_init()) {
  if (handle_ == nullptr) {
    throw std::runtime_error("libcurl could not create a handle");
  }
}

smtp_sender::~smtp_sender() { curl_easy_cleanup(static_cast<CURL*>(handle_)); }

std::optional<std::string> smtp_sender::send(const mail_message& message) {
  CURL* curl = static_cast<CURL*>(handle_);
  // Options stay on the handle between messages; the connection cache stays with them.
  curl_easy_reset(curl);
  slist recipients;
  append(recipients, address_of(message.to));
  slist headers;
  append(headers, "Subject: " + message.subject);
  append(headers, "From: " + message.from);
  append(headers, "To: " + message.to);
  append(headers, "Date: " + message.date);
  append(headers, "Message-ID: " + message.message_id);

  mime body(curl_mime_init(curl));
  mime alternatives(curl_mime_init(curl));
  add_part(alternatives.get(), message.text, "text/plain; charset=utf-8");
  add_part(alternatives.get(), message.html, "text/html; charset=utf-8");
  curl_mimepart* container = curl_mime_addpart(body.get());
  curl_mime_subparts(container, alternatives.release());  // body owns them from here
  curl_mime_type(container, "multipart/alternative");

  const long timeout = static_cast<long>(config_.timeout.count());
  curl_easy_setopt(curl, CURLOPT_URL, config_.url.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, timeout);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, timeout);
  curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, address_of(message.from).c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(curl, CURLOPT_MIMEPOST, body.get());

  const CURLcode result = curl_easy_perform(curl);
  if (result == CURLE_OK) {
    return std::nullopt;
  }
  long reply = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply);
  std::string reason = curl_easy_strerror(result);
  if (reply != 0) reason += " (server replied " + std::to_string(reply) + ")";
  return reason;
}

}  // namespace pricewatch
