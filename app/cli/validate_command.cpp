// `neurosim validate FILE`: every problem in a scenario, one per line, or "ok: FILE".
#include <exception>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/report.hpp"
#include "neurosim/io/scenario_json.hpp"

namespace neurosim::cli {

int validate_command(const std::string& path) {
  try {
    const io::LoadResult result = io::load_scenario(path);
    if (!result.errors.empty()) {
      print_errors(path, result.errors);
      return kExitBadInput;
    }
    std::cout << "ok: " << path << '\n';
    return kExitOk;
  } catch (const std::exception& e) {
    std::cerr << path << ": internal error: " << e.what() << '\n';
    return kExitInternal;
  }
}

}  // namespace neurosim::cli
