#include "notify/file/file_sender.hpp"

#include <fstream>

namespace pricewatch {
namespace {

// "<alert-7@example.com>" -> "alert-7@example.com.eml", keeping only characters safe in a name.
std::string file_name(const std::string& message_id) {
  std::string name;
  for (const char c : message_id) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '@' || c == '_') name += c;
  }
  return name + ".eml";
}

}  // namespace

std::optional<send_failure> file_sender::send(const mail_message& message) {
  std::error_code error;
  std::filesystem::create_directories(folder_, error);
  if (error) {
    return send_failure{"cannot create " + folder_.string() + ": " + error.message(), false, std::nullopt};
  }
  const auto final_path = folder_ / file_name(message.message_id);
  auto temporary = final_path;
  temporary += ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << render_rfc5322(message);
    out.flush();
    if (!out) {
      return send_failure{"cannot write " + temporary.string(), false, std::nullopt};
    }
  }
  std::filesystem::rename(temporary, final_path, error);
  if (error) {
    return send_failure{"cannot rename " + temporary.string() + ": " + error.message(), false, std::nullopt};
  }
  last_answer_ = "saved as " + final_path.string();
  return std::nullopt;
}

}  // namespace pricewatch
