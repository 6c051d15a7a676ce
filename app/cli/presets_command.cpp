// `neurosim presets`: the built-in scenarios, one per line with the first line of its description.
#include <algorithm>
#include <exception>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/gradient_spec.hpp"
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
    // Gradient-training presets (assets/gradient), run by cli/gradient_run.cpp.
    for (const std::string& n : gradient_preset_names()) {
      const GradientSpecResult g = load_gradient_spec(*gradient_preset_path(n), {});
      const std::string d = g.spec ? g.spec->description.substr(0, g.spec->description.find('\n')) : "(does not load: " + g.errors.front() + ")";
      std::cout << n << std::string(width + 2 > n.size() ? width + 2 - n.size() : 1, ' ') << d << '\n';
    }
    return kExitOk;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return kExitInternal;
  }
}

}  // namespace neurosim::cli
