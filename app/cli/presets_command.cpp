// `neurosim presets`: the built-in scenarios, one per line with the first line of its description.
#include <algorithm>
#include <exception>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/report.hpp"
#include "neurosim/io/presets.hpp"

namespace neurosim::cli {

int presets_command() {
  try {
    const std::vector<std::string> names = io::preset_names();
    if (names.empty()) {
      std::cerr << "error: no presets found in " << (io::asset_dir() / "scenarios").string()
                << " (set NEUROSIM_ASSETS to the assets directory)\n";
      return kExitBadInput;
    }
    std::size_t width = 0;
    for (const std::string& n : names) width = std::max(width, n.size());
    for (const std::string& n : names) {
      std::cout << n << std::string(width + 2 - n.size(), ' ') << io::preset_description(n) << '\n';
    }
    return kExitOk;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return kExitInternal;
  }
}

}  // namespace neurosim::cli
