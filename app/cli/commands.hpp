#pragma once
// The headless subcommands of `neurosim`. Each returns the process exit status:
// 0 success, 2 bad input or bad arguments (message on stderr).
#include <optional>
#include <string>
#include <vector>

namespace neurosim::cli {

struct RunOptions {
  std::string scenario;                  // preset name or file path
  std::optional<double> duration_ms;
  std::optional<unsigned long long> seed;
  std::string out_dir = "out";
  std::vector<std::string> overrides;    // "PATH=VALUE"
};

int run_command(const RunOptions& options);
int validate_command(const std::string& path);
int presets_command();

}  // namespace neurosim::cli
