// How a batch of firings (as a watcher hands them to alert_store::fire) splits into parts that a
// store marks with one statement each: consecutive firings at the same time and price (a storm
// is one tick's firings, all at one price), each alert at most once in a part, at most `most` in
// a part. Taken in order, the parts keep the batch's order, so that an alert in two parts is
// judged (its cooldown, its expiry) against its earlier firing exactly as firing by firing.
#pragma once

#include "alerts/notification.hpp"

#include <span>
#include <vector>

namespace pricewatch {

std::vector<std::span<const firing>> firing_parts(std::span<const firing> batch, std::size_t most);

}  // namespace pricewatch
