// What `pricewatch --version` prints: the project version from CMake and, when the build had the
// git repository, its `git describe` at configure time ("0.1.0 (git a27a0f4-dirty)").
#pragma once

#include <string_view>

namespace pricewatch {

std::string_view version_text();

}  // namespace pricewatch
