// `neurosim export`: loads a scenario (preset, JSON or NIR), applies --set, writes --to FORMAT.
//   nir:  a NIR graph (io/nir.hpp); scenarios NIR cannot express are refused with the reason
//   json: the scenario file, e.g. of an imported NIR graph
#include "cli/export_command.hpp"

#include <exception>
#include <iostream>

#include "cli/report.hpp"
#include "neurosim/io/atomic_file.hpp"
#include "neurosim/io/nir.hpp"
#include "neurosim/io/scenario_json.hpp"

namespace neurosim::cli {

int export_command(const ExportOptions& options) {
  try {
    if (options.out.empty()) {
      std::cerr << "error: export needs --out FILE\n";
      return kExitBadInput;
    }
    io::LoadResult loaded = io::load_scenario(options.scenario);
    if (!loaded.errors.empty()) {
      print_errors(options.scenario, loaded.errors);
      return kExitBadInput;
    }
    ScenarioSpec spec = std::move(*loaded.spec);
    for (const std::string& o : options.overrides) {
      const auto eq = o.find('=');
      const std::string why = eq == std::string::npos ? "expected PATH=VALUE" : io::apply_override(spec, o.substr(0, eq), o.substr(eq + 1));
      if (!why.empty()) {
        std::cerr << "error: --set " << o << ": " << why << '\n';
        return kExitBadInput;
      }
    }
    if (options.to == "json") {
      io::write_file_atomically(options.out, io::scenario_to_json(spec), options.overwrite ? io::Replace::Allowed : io::Replace::Never);
    } else if (options.to == "nir") {
      try {
        for (const std::string& note : io::write_nir(spec, options.out, options.overwrite)) std::cerr << "note: " << note << '\n';
      } catch (const io::NirExportError& e) {
        std::cerr << options.scenario << ": cannot export to NIR: " << e.what() << '\n';
        return kExitBadInput;
      }
    } else {
      std::cerr << "error: --to must be nir or json (got " << options.to << ")\n";
      return kExitBadInput;
    }
    std::cout << "wrote " << options.out << '\n';
    return kExitOk;
  } catch (const std::exception& e) {
    // Files that cannot be written (an existing --out, a missing directory) are bad input.
    std::cerr << options.out << ": " << e.what() << '\n';
    return kExitBadInput;
  }
}

}  // namespace neurosim::cli
