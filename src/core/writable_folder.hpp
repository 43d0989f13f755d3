// Whether the process may write in a folder it needs (SQLite's under var/, the outbox), checked at
// startup so that a read-only or foreign-owned var/ is named in a sentence, not found later as an
// obscure SQLite error or a mail retried 20 times.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace pricewatch {

// Why files cannot be made in folder ("/srv/pricewatch/var is not writable: Read-only file
// system"), or nullopt when they can. A folder not made yet is judged by its nearest existing
// ancestor, where it would be made. Never throws.
std::optional<std::string> unwritable_folder(const std::filesystem::path& folder);

}  // namespace pricewatch
