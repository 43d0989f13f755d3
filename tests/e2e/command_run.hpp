// Runs the pricewatch binary as a one-shot command (import-original, migrate) to its end: its exit
// status, and what it wrote to stdout and to stderr, apart.
#pragma once

#include "service_process.hpp"

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace pricewatch::e2e {

struct command_result {
  int status = -1;  // the exit status; 128 + N when killed by signal N
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs binary with the arguments and environment (added to PATH, HOME and the sanitizers'
// options), in directory, whose files out.txt and err.txt receive its output. Throws
// std::runtime_error when it cannot be started, and kills it and throws when it runs past the
// deadline.
command_result run_command(const std::filesystem::path& directory, const std::vector<std::string>& arguments,
                           const environment_list& environment,
                           std::chrono::seconds deadline = std::chrono::seconds(120),
                           const std::filesystem::path& binary = PRICEWATCH_BINARY);

}  // namespace pricewatch::e2e
