#pragma once
// Scenario in and out for the window: load + build (errors as text, the caller keeps its old
// network on failure) and save of the running spec.
#include <memory>
#include <string>
#include <vector>

#include "neurosim/session.hpp"

namespace neurosim::gui {

struct LoadedNetwork {
  std::unique_ptr<Network> network;  // null when errors is not empty
  std::vector<std::string> errors;
};

// Input files given on the command line (--input, --images, --labels), for the scenario's
// file-driven inputs (io::set_input_file, io::set_image_files).
struct InputFiles {
  std::string input;
  std::string images;
  std::string labels;
  bool any() const { return !input.empty() || !images.empty() || !labels.empty(); }
};

// A preset name or a .json path: io::load_scenario, then build_network with default options.
LoadedNetwork load_network(const std::string& name_or_path, const InputFiles& inputs = {});

// The running scenario (every accepted change applied) as JSON to `path`, via path.tmp and a
// rename; data paths are rewritten to start at the file's folder. An existing file is not
// replaced unless `overwrite`: the scenario goes to the first free name-2.json, name-3.json...
// Returns "" or the reason; `saved_as` gets the name used. `recorded` (the Session's recorded
// edits) joins the scenario's timeline, in time order.
std::string save_scenario(const ScenarioSpec& scenario, const std::string& path, bool overwrite = false, std::string* saved_as = nullptr,
                          const std::vector<TimelineEntry>& recorded = {});

}  // namespace neurosim::gui
