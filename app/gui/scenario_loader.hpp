#pragma once
// Scenario in and out for the window: load + build (errors as text, the caller keeps its old
// network on failure) and save of the running spec.
#include <memory>
#include <string>
#include <vector>

#include "neurosim/network.hpp"

namespace neurosim::gui {

struct LoadedNetwork {
  std::unique_ptr<Network> network;  // null when errors is not empty
  std::vector<std::string> errors;
};

// A preset name or a .json path: io::load_scenario, then build_network with default options.
LoadedNetwork load_network(const std::string& name_or_path);

// The running scenario (every accepted change applied) as JSON to `path`, via path.tmp and a
// rename. Returns "" or the reason.
std::string save_scenario(const Network& network, const std::string& path);

}  // namespace neurosim::gui
