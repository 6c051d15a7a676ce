#pragma once
// `neurosim export SCENARIO --to FORMAT --out FILE`: a scenario in another format.
#include <string>
#include <vector>

namespace neurosim::cli {

struct ExportOptions {
  std::string scenario;                // preset name, scenario file or NIR graph (.nir)
  std::string to;                      // "nir" or "json"
  std::string out;                     // the file to write
  std::vector<std::string> overrides;  // "PATH=VALUE", as for run --set
  bool overwrite = false;              // replace --out if it exists
};

int export_command(const ExportOptions& options);

}  // namespace neurosim::cli
