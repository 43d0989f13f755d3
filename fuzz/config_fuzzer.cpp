// The configuration (src/config/config_loader.hpp) from what an operator writes: choice 0, the
// input is the TOML file; choice 1, its lines are environment entries ("PRICEWATCH_...=value").
// An unreadable or wrong configuration must be a message naming the key, never a crash.
#include "config/config_loader.hpp"
#include "fuzz_input.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string file =
      (std::filesystem::temp_directory_path() / ("pricewatch-fuzz-config-" + std::to_string(getpid()) + ".toml"))
          .string();
  const auto input = pricewatch::fuzz::choose(data, size, 2);
  pricewatch::config_sources sources;
  if (input.choice == 0) {
    std::ofstream(file, std::ios::binary | std::ios::trunc) << input.text;
    sources.file = file;
  } else {
    auto rest = input.text;
    while (!rest.empty()) {
      const auto end = rest.find('\n');
      sources.environment.emplace_back(rest.substr(0, end));
      rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
    }
  }
  (void)pricewatch::load_config(sources);
  return 0;
}
