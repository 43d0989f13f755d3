#include "notify/http/outbound_http.hpp"

#include "core/address_scope.hpp"
#include "core/ascii.hpp"
#include "notify/stall_watch.hpp"

#include <boost/asio/ip/address.hpp>
#include <curl/curl.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <stdexcept>

namespace pricewatch {
namespace {

struct slist_deleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using slist = std::unique_ptr<curl_slist, slist_deleter>;

// What one request's callbacks share with it.
struct exchange_state {
  const outbound_policy* policy = nullptr;
  outbound_reply reply;
  bool truncated = false;
  std::optional<std::string> refused;  // the destination address the policy refused, and why
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto& state = *static_cast<exchange_state*>(user);
  const auto bytes = size * count;
  const auto room = state.policy->max_response_bytes - std::min(state.policy->max_response_bytes, state.reply.body.size());
  // The rest is not read: the answer's status and first 64 KiB are all a delivery needs.
  if (bytes > room) {
    state.reply.body.append(data, room);
    state.truncated = true;
    return 0;  // aborts the transfer (CURLE_WRITE_ERROR), after the status and headers arrived
  }
  state.reply.body.append(data, bytes);
  return bytes;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto& state = *static_cast<exchange_state*>(user);
  const std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) state.reply.headers.clear();  // a new response (after a 100 Continue)
  const auto colon = line.find(':');
  if (colon != std::string_view::npos && state.reply.headers.size() < 100) {
    auto value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) value.remove_suffix(1);
    state.reply.headers.emplace_back(ascii_lower(line.substr(0, colon)), std::string(value));
  }
  return size * count;
}

std::optional<boost::asio::ip::address> address_of(const curl_sockaddr& socket_address) {
  if (socket_address.family == AF_INET) {
    sockaddr_in v4{};
    std::memcpy(&v4, &socket_address.addr, sizeof(v4));
    return boost::asio::ip::address_v4(ntohl(v4.sin_addr.s_addr));
  }
  if (socket_address.family == AF_INET6) {
    sockaddr_in6 v6{};
    std::memcpy(&v6, &socket_address.addr, sizeof(v6));
    boost::asio::ip::address_v6::bytes_type bytes;
    std::memcpy(bytes.data(), &v6.sin6_addr, bytes.size());
    return boost::asio::ip::address_v6(bytes);
  }
  return std::nullopt;
}

// Called by libcurl for every socket it is about to connect, with the address it will connect
// to: the one place where the destination is known for certain.
curl_socket_t open_checked_socket(void* user, curlsocktype purpose, curl_sockaddr* socket_address) {
  auto& state = *static_cast<exchange_state*>(user);
  if (purpose == CURLSOCKTYPE_IPCXN && !state.policy->allow_private_networks) {
    const auto address = address_of(*socket_address);
    if (!address) {
      state.refused = "an address that is not IP";
      return CURL_SOCKET_BAD;
    }
    if (const auto kind = non_public_kind(*address)) {
      state.refused = address->to_string() + " (" + std::string(*kind) +
                      "; delivery.allow_private_networks is off)";
      return CURL_SOCKET_BAD;
    }
  }
  return socket(socket_address->family, socket_address->socktype, socket_address->protocol);
}

// libcurl calls it about once a second even while the server says nothing.
int on_progress(void* stalls, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  static_cast<stall_watch*>(stalls)->poll();
  return 0;
}

}  // namespace

std::optional<std::string> outbound_reply::header(std::string_view name) const {
  for (const auto& [field, value] : headers) {
    if (field == name) return value;
  }
  return std::nullopt;
}

// One easy handle of the poster and the state its callbacks fill in for the request it makes.
struct outbound_http::transfer {
  CURL* easy = nullptr;
  exchange_state state;
  slist lines;
  std::size_t index = 0;  // of the request it makes
  bool busy = false;

  transfer() : easy(curl_easy_init()) {
    if (easy == nullptr) throw std::runtime_error("libcurl could not make a handle");
  }
  ~transfer() { curl_easy_cleanup(easy); }
  transfer(const transfer&) = delete;
  transfer& operator=(const transfer&) = delete;
};

namespace {

// Sets up the handle for one request under the policy; false when out of memory.
bool prepare(CURL* curl, exchange_state& state, slist& lines, const outbound_policy& policy,
             const outbound_request& request) {
  curl_easy_reset(curl);
  state = exchange_state{};
  state.policy = &policy;
  lines.reset();
  for (const auto& [name, value] : request.headers) {
    const auto line = name + ": " + value;
    curl_slist* grown = curl_slist_append(lines.get(), line.c_str());
    if (grown == nullptr) return false;
    (void)lines.release();
    lines.reset(grown);
  }
  // Without it libcurl would wait for a "100 Continue" on bodies over 1 KiB.
  curl_slist* grown = curl_slist_append(lines.get(), "Expect:");
  if (grown != nullptr) {
    (void)lines.release();
    lines.reset(grown);
  }
  const long timeout_ms = static_cast<long>(policy.timeout.count());
  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(curl, CURLOPT_POST, 1L);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, lines.get());
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "pricewatch");
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &state);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &state);
  curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, open_checked_socket);
  curl_easy_setopt(curl, CURLOPT_OPENSOCKETDATA, &state);
  if (policy.stalls != nullptr) {
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, policy.stalls);
  }
  return true;
}

// What came of a finished request.
outbound_answer answer_of(CURL* curl, exchange_state& state, CURLcode result) {
  if (state.refused) {
    return {std::nullopt, outbound_error{"destination refused: " + *state.refused, true}};
  }
  if (result != CURLE_OK && !(result == CURLE_WRITE_ERROR && state.truncated)) {
    const bool bad_url = result == CURLE_URL_MALFORMAT || result == CURLE_UNSUPPORTED_PROTOCOL;
    return {std::nullopt, outbound_error{curl_easy_strerror(result), bad_url}};
  }
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &state.reply.status);
  return {std::move(state.reply), std::nullopt};
}

}  // namespace

outbound_http::outbound_http(outbound_policy policy) : policy_(policy), multi_(curl_multi_init()) {
  if (multi_ == nullptr) throw std::runtime_error("libcurl could not make a handle");
  policy_.in_flight = std::max<std::size_t>(policy_.in_flight, 1);
  // By default libcurl's cache holds 4 connections per easy handle added at the moment a
  // connection comes back: as the last requests of a wave end, few handles are left, and it
  // closed the oldest of the wave's connections, which the next wave opened again (a connect, and
  // an accept at the receiver, every wave or so in a storm). A fixed size keeps them all.
  curl_multi_setopt(static_cast<CURLM*>(multi_), CURLMOPT_MAXCONNECTS, static_cast<long>(4 * policy_.in_flight));
  try {
    for (std::size_t slot = 0; slot < policy_.in_flight; ++slot) transfers_.push_back(std::make_unique<transfer>());
  } catch (...) {
    transfers_.clear();
    curl_multi_cleanup(static_cast<CURLM*>(multi_));
    throw;
  }
}

outbound_http::~outbound_http() {
  // The easy handles are out of the multi handle between calls; the multi handle keeps the open
  // connections and goes last.
  transfers_.clear();
  curl_multi_cleanup(static_cast<CURLM*>(multi_));
}

outbound_answer outbound_http::post(const std::string& url, const header_fields& headers, const std::string& body) {
  const outbound_request request{url, headers, body};
  return std::move(post_all(std::span(&request, 1)).front());
}

std::vector<outbound_answer> outbound_http::post_all(std::span<const outbound_request> requests) {
  auto* multi = static_cast<CURLM*>(multi_);
  std::vector<outbound_answer> answers(requests.size());
  std::size_t next = 0, running = 0;
  while (next < requests.size() || running > 0) {
    // Every free handle takes the next request.
    for (auto& slot : transfers_) {
      if (next >= requests.size()) break;
      if (slot->busy) continue;
      const auto index = next++;
      if (!prepare(slot->easy, slot->state, slot->lines, policy_, requests[index])) {
        answers[index] = {std::nullopt, outbound_error{"out of memory", false}};
        continue;
      }
      if (const auto added = curl_multi_add_handle(multi, slot->easy); added != CURLM_OK) {
        answers[index] = {std::nullopt, outbound_error{curl_multi_strerror(added), false}};
        continue;
      }
      slot->index = index;
      slot->busy = true;
      ++running;
    }
    int active = 0;
    curl_multi_perform(multi, &active);
    int queued = 0;
    bool finished = false;
    while (CURLMsg* message = curl_multi_info_read(multi, &queued)) {
      if (message->msg != CURLMSG_DONE) continue;
      for (auto& slot : transfers_) {
        if (!slot->busy || slot->easy != message->easy_handle) continue;
        const auto result = message->data.result;  // read before the handle leaves the multi handle
        curl_multi_remove_handle(multi, slot->easy);
        answers[slot->index] = answer_of(slot->easy, slot->state, result);
        slot->busy = false;
        --running;
        finished = true;
        break;
      }
    }
    // Wait for the network unless a handle just came free for a request still to make.
    if (running > 0 && !(finished && next < requests.size())) {
      curl_multi_poll(multi, nullptr, 0, 1000, nullptr);
      if (policy_.stalls != nullptr) policy_.stalls->poll();
    }
  }
  return answers;
}

}  // namespace pricewatch
