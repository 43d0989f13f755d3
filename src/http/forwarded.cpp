#include "http/forwarded.hpp"

#include "core/ascii.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace pricewatch::http {
namespace {

namespace ip = boost::asio::ip;
using header_list = std::vector<std::pair<std::string, std::string>>;

std::string_view trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// Every field of that name as one list, as RFC 9110 section 5.3 combines them; nullopt when absent.
std::optional<std::string> combined(const header_list& headers, std::string_view name) {
  std::optional<std::string> joined;
  for (const auto& [field, value] : headers) {
    if (field != name) continue;
    joined = joined ? *joined + "," + value : value;
  }
  return joined;
}

// The non-empty members of a comma-separated list, trimmed, in order.
std::vector<std::string_view> list_members(std::string_view list) {
  std::vector<std::string_view> members;
  while (!list.empty()) {
    const auto comma = list.find(',');
    const auto member = trimmed(list.substr(0, comma));
    if (!member.empty()) members.push_back(member);
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
  }
  return members;
}

bool is_tchar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// RFC 7239 section 6: a port is digits, or an obfuscated "_" name.
bool is_node_port(std::string_view port) {
  if (port.empty() || port.size() > 32) return false;
  if (port.front() == '_') {
    return std::all_of(port.begin(), port.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
    });
  }
  return port.size() <= 5 && std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The address of a node as Forwarded's for= or an X-Forwarded-For member gives it: 192.0.2.43,
// [2001:db8::17], either with a port, or a bare IPv6 address as some proxies write it. nullopt
// for "unknown", an obfuscated name or anything malformed.
std::optional<ip::address> node_address(std::string_view node) {
  boost::system::error_code error;
  if (!node.empty() && node.front() == '[') {
    const auto close = node.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    const auto rest = node.substr(close + 1);
    if (!rest.empty() && (rest.front() != ':' || !is_node_port(rest.substr(1)))) return std::nullopt;
    const auto address = ip::make_address_v6(std::string(node.substr(1, close - 1)), error);
    if (error) return std::nullopt;
    return unmapped(address);
  }
  auto address = ip::make_address(std::string(node), error);
  if (!error) return unmapped(address);
  const auto colon = node.find(':');
  if (colon == std::string_view::npos || !is_node_port(node.substr(colon + 1))) return std::nullopt;
  const auto v4 = ip::make_address_v4(std::string(node.substr(0, colon)), error);
  if (error) return std::nullopt;
  return v4;
}

struct forwarded_element {
  std::optional<std::string> for_node;
  std::optional<std::string> proto;
  std::optional<std::string> host;
  bool empty = true;
};

// A token or quoted-string value at text[at], unescaped; at moves past it. nullopt when malformed.
std::optional<std::string> pair_value(std::string_view text, std::size_t& at) {
  std::string value;
  if (at < text.size() && text[at] == '"') {
    for (++at; at < text.size() && text[at] != '"'; ++at) {
      if (text[at] == '\\') {
        if (++at == text.size()) return std::nullopt;
      }
      value += text[at];
    }
    if (at == text.size()) return std::nullopt;  // unterminated
    ++at;
    return value;
  }
  while (at < text.size() && is_tchar(text[at])) value += text[at++];
  if (value.empty()) return std::nullopt;
  return value;
}

// RFC 7239 section 4: forwarded-element *( "," forwarded-element ), each pair *( ";" pair ),
// whitespace tolerated around the separators. nullopt when malformed, or when a parameter occurs
// twice in one element (section 4 forbids it; which one would count is anybody's guess).
std::optional<std::vector<forwarded_element>> parse_forwarded(std::string_view text) {
  std::vector<forwarded_element> elements(1);
  std::size_t at = 0;
  const auto skip_spaces = [&] {
    while (at < text.size() && (text[at] == ' ' || text[at] == '\t')) ++at;
  };
  for (;;) {
    skip_spaces();
    if (at == text.size()) break;
    if (text[at] == ',') {
      if (!elements.back().empty) elements.emplace_back();  // empty list members do not count
      ++at;
      continue;
    }
    if (text[at] == ';') {
      ++at;
      continue;
    }
    const auto name_start = at;
    while (at < text.size() && is_tchar(text[at])) ++at;
    const auto name = ascii_lower(text.substr(name_start, at - name_start));
    if (name.empty() || at == text.size() || text[at] != '=') return std::nullopt;
    ++at;
    auto value = pair_value(text, at);
    if (!value) return std::nullopt;
    auto& element = elements.back();
    std::optional<std::string>* slot = name == "for" ? &element.for_node
                                       : name == "proto" ? &element.proto
                                       : name == "host"  ? &element.host
                                                         : nullptr;
    if (slot != nullptr) {
      if (*slot) return std::nullopt;
      *slot = std::move(*value);
    }
    element.empty = false;
    skip_spaces();
    if (at < text.size() && text[at] != ';' && text[at] != ',') return std::nullopt;
  }
  if (elements.back().empty) elements.pop_back();
  return elements;
}

std::optional<std::string> believed_scheme(std::optional<std::string_view> proto) {
  if (!proto) return std::nullopt;
  auto scheme = ascii_lower(*proto);
  if (scheme != "http" && scheme != "https") return std::nullopt;
  return scheme;
}

std::optional<std::string> rightmost(const std::optional<std::string>& list) {
  if (!list) return std::nullopt;
  const auto members = list_members(*list);
  if (members.empty()) return std::nullopt;
  return std::string(members.back());
}

// Forwarded: the element describing the client's request, walked to from the right.
void read_forwarded(std::string_view field, const ip_networks& trusted, forwarded_origin& origin) {
  const auto elements = parse_forwarded(field);
  if (!elements || elements->empty()) return;
  std::size_t chosen = 0;
  for (std::size_t index = elements->size(); index-- > 0;) {
    const auto& hop = (*elements)[index];
    const auto address = hop.for_node ? node_address(*hop.for_node) : std::nullopt;
    if (!address || !trusted.contains(*address)) {
      chosen = index;
      break;
    }
  }
  const auto& client = (*elements)[chosen];
  if (const auto address = client.for_node ? node_address(*client.for_node) : std::nullopt) {
    origin.client_address = address->to_string();
  }
  origin.scheme = believed_scheme(client.proto);
  origin.host = client.host;
}

// X-Forwarded-For, -Proto and -Host.
void read_x_forwarded(const header_list& headers, const ip_networks& trusted, forwarded_origin& origin) {
  if (const auto chain = combined(headers, "x-forwarded-for")) {
    const auto hops = list_members(*chain);
    for (std::size_t index = hops.size(); index-- > 0;) {
      const auto address = node_address(hops[index]);
      if (!address) break;  // garbage where the client should be: the peer stands
      if (!trusted.contains(*address) || index == 0) {
        origin.client_address = address->to_string();
        break;
      }
    }
  }
  origin.scheme = believed_scheme(rightmost(combined(headers, "x-forwarded-proto")));
  origin.host = rightmost(combined(headers, "x-forwarded-host"));
}

}  // namespace

forwarded_origin believed_origin(const std::optional<ip::address>& peer, const header_list& headers,
                                 const ip_networks& trusted_proxies) {
  forwarded_origin origin;
  origin.client_address = peer ? unmapped(*peer).to_string() : "unknown";
  if (!peer || !trusted_proxies.contains(*peer)) return origin;
  if (const auto field = combined(headers, "forwarded")) {
    read_forwarded(*field, trusted_proxies, origin);
  } else {
    read_x_forwarded(headers, trusted_proxies, origin);
  }
  return origin;
}

}  // namespace pricewatch::http
