#include "http/router.hpp"

#include <algorithm>
#include <set>

namespace pricewatch::http {
namespace {

bool all_digits(std::string_view text) {
  return !text.empty() && text.size() <= 18 && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

router::path_parts router::split_path(std::string_view path, bool& trailing) {
  trailing = path.size() > 1 && path.back() == '/';
  path_parts parts;
  std::size_t start = 0;
  while (start < path.size()) {
    if (path[start] == '/') {
      ++start;
      continue;
    }
    const auto end = std::min(path.find('/', start), path.size());
    parts.push_back(path.substr(start, end - start));
    start = end;
  }
  return parts;
}

void router::add(std::string method, std::string pattern, handler handle, route_options options) {
  entry added{std::move(method), std::move(pattern), {}, false, std::move(handle), options};
  for (const auto part : split_path(added.pattern, added.trailing)) {
    if (part == "{id}") {
      added.segments.push_back({segment::kind::integer, "id"});
    } else if (part.starts_with('{') && part.ends_with('}')) {
      added.segments.push_back({segment::kind::any, std::string(part.substr(1, part.size() - 2))});
    } else {
      added.segments.push_back({segment::kind::literal, std::string(part)});
    }
  }
  entries_.push_back(std::move(added));
}

bool router::matches(const entry& candidate, const path_parts& parts, bool trailing) {
  if (candidate.options.slash == trailing_slash::exact && candidate.trailing != trailing) {
    return false;
  }
  if (candidate.segments.size() != parts.size()) {
    return false;
  }
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const auto& expected = candidate.segments[i];
    const bool ok = expected.type == segment::kind::literal ? parts[i] == expected.text
                    : expected.type == segment::kind::integer ? all_digits(parts[i])
                                                              : !parts[i].empty();
    if (!ok) return false;
  }
  return true;
}

router::match router::route(request& request) const {
  bool trailing = false;
  const auto parts = split_path(request.path, trailing);
  // The most specific pattern wins (most literal segments, then the first added), as Django's
  // ordered URL list would: GET /api/alerts/create is 405, not a list of status "create".
  const entry* best = nullptr;
  long best_literals = -1;
  for (const auto& candidate : entries_) {
    if (!matches(candidate, parts, trailing)) continue;
    const auto literals = std::count_if(candidate.segments.begin(), candidate.segments.end(),
                                        [](const segment& s) { return s.type == segment::kind::literal; });
    if (literals > best_literals) {
      best = &candidate;
      best_literals = literals;
    }
  }
  match found;
  if (best == nullptr) {
    found.route = "unmatched";
    found.fallback = make_fallback_(404, "Not found.", error_style::v1);
    return found;
  }
  found.route = best->pattern;
  found.errors = best->options.errors;
  std::set<std::string> allowed;
  for (const auto& candidate : entries_) {
    if (candidate.pattern != best->pattern) continue;
    allowed.insert(candidate.method);
    if (candidate.method == request.method) {
      request.path_parameters.clear();
      for (std::size_t i = 0; i < parts.size(); ++i) {
        if (candidate.segments[i].type != segment::kind::literal) {
          request.path_parameters.emplace_back(parts[i]);
        }
      }
      found.handle = &candidate.handle;
      found.runs_on = candidate.options.runs_on;
      found.deadline = candidate.options.deadline;
      found.try_inline = candidate.options.try_inline ? &candidate.options.try_inline : nullptr;
      return found;
    }
  }
  std::string allow;
  for (const auto& method : allowed) {
    allow += (allow.empty() ? "" : ", ") + method;
  }
  found.fallback = make_fallback_(405, "Method \"" + request.method + "\" not allowed.", best->options.errors);
  found.fallback.with_header("Allow", allow);
  return found;
}

std::vector<router::route_description> router::routes() const {
  std::vector<route_description> described;
  for (const auto& item : entries_) {
    described.push_back({item.method, item.pattern});
  }
  return described;
}

}  // namespace pricewatch::http
