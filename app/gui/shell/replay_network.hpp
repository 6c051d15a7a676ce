#pragma once
// The window's replay (`neurosim gui --replay FILE... [--scenario S]`): recorded spikes read and
// mapped as `neurosim replay` reads and maps them (io/spike_files.hpp, cli/replay_mapping.hpp),
// played by one ReplaySource population per population, so that the raster, rates and population
// views show them as they show a run. Play, pause and speed are the simulation's; the Replay
// window scrubs (panel_replay.cpp).
#include <memory>
#include <string>
#include <vector>

#include "neurosim/session.hpp"  // Network, for a replay's own network

namespace neurosim::gui {

struct ReplayNetwork {
  std::unique_ptr<Network> network;  // null when error is set
  std::string error;                 // names the file and line or dataset
  double duration_ms = 0.0;          // the last spike, rounded up to a report interval
  std::size_t spikes = 0;
  std::string label;                 // "replay: a.dat, b.dat"
};

ReplayNetwork build_replay_network(const std::vector<std::string>& files, const std::string& scenario);

}  // namespace neurosim::gui
