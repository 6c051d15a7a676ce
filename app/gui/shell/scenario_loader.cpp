// Load/build and save for the window (see scenario_loader.hpp).
#include "gui/shell/scenario_loader.hpp"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "neurosim/io/atomic_file.hpp"
#include "neurosim/io/input_files.hpp"
#include "neurosim/io/scenario_json.hpp"

namespace neurosim::gui {

namespace {

// "FILE: path: message", as the command line prints it; file-level problems ("a.json:3:7: ...")
// already start with the file name.
std::string error_line(const std::string& source, const SpecError& e) {
  if (e.path.empty() && e.message.compare(0, source.size() + 1, source + ":") == 0) return e.message;
  return source + ": " + e.text();
}

}  // namespace

LoadedNetwork load_network(const std::string& name_or_path, const InputFiles& inputs) {
  LoadedNetwork out;
  try {
    // With input files, the scenario's own data files are not read: the ones given replace them.
    io::LoadOptions options;
    options.read_inputs = !inputs.any();
    io::LoadResult loaded = io::load_scenario(name_or_path, options);
    for (const SpecError& e : loaded.errors) out.errors.push_back(error_line(name_or_path, e));
    if (!loaded.spec) {
      if (out.errors.empty()) out.errors.push_back(name_or_path + ": cannot load");
      return out;
    }
    if (inputs.any()) {
      if (!inputs.input.empty())
        if (const std::string e = io::set_input_file(*loaded.spec, inputs.input); !e.empty()) out.errors.push_back(e);
      if (!inputs.images.empty() || !inputs.labels.empty()) {
        if (inputs.images.empty()) out.errors.push_back("--labels needs --images");
        else if (const std::string e = io::set_image_files(*loaded.spec, inputs.images, inputs.labels); !e.empty()) out.errors.push_back(e);
      }
      if (!out.errors.empty()) return out;
      for (const SpecError& e : io::load_inputs(*loaded.spec)) out.errors.push_back(error_line(name_or_path, e));
      if (!out.errors.empty()) return out;
    }
    BuildResult built = build_network(*loaded.spec, BuildOptions{});
    for (const SpecError& e : built.errors) out.errors.push_back(error_line(name_or_path, e));
    if (built.network && out.errors.empty()) out.network = std::move(built.network);
  } catch (const std::exception& e) {
    // A network too large for memory must not take the window (and the old network) down.
    out.errors.push_back(name_or_path + ": " + e.what());
    out.network.reset();
  }
  if (!out.network && out.errors.empty()) out.errors.push_back(name_or_path + ": cannot build the network");
  return out;
}

std::string save_scenario(const ScenarioSpec& scenario, const std::string& path, bool overwrite, std::string* saved_as,
                          const std::vector<TimelineEntry>& recorded) {
  try {
    const io::Replace replace = overwrite ? io::Replace::Allowed : io::Replace::Never;
    const std::filesystem::path target = io::free_file_name(path, replace);
    ScenarioSpec spec = scenario;
    spec.timeline.insert(spec.timeline.end(), recorded.begin(), recorded.end());
    std::stable_sort(spec.timeline.begin(), spec.timeline.end(), [](const TimelineEntry& a, const TimelineEntry& b) { return a.t_ms < b.t_ms; });
    const std::filesystem::path folder = target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path();
    io::rebase_inputs(spec, folder);
    io::write_file_atomically(target, io::scenario_to_json(spec), replace);
    if (saved_as != nullptr) *saved_as = target.string();
    return "";
  } catch (const std::exception& e) {
    return e.what();
  }
}

}  // namespace neurosim::gui
