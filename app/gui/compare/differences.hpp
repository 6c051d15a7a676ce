#pragma once
// The "Differences" list of the Compare window: what differs between run A and run B, from the
// two Sessions' ScenarioFacts (the applied values, so a slider moved in B shows at once).
// No GL, no ImGui; tested headless.
//
// Populations, projections and stimuli are matched by name; a parameter is named by the same
// path as `--set` takes where one exists ("populations.exc.params.tau_m").
#include <string>
#include <vector>

#include "neurosim/observations.hpp"

namespace neurosim::gui {

struct Difference {
  std::string what;  // "populations.exc.params.tau_m", "projections.ee: synapses", ...
  std::string a;     // the value in A as text ("20 ms", "absent")
  std::string b;
};

// In order: scenario, dt and seed, then populations, projections and stimuli in A's order (those
// only in B after them). Values equal to 9 significant digits count as equal.
std::vector<Difference> differences(const ScenarioFacts& a, const ScenarioFacts& b);

// A number as the list shows it: up to 6 significant digits, "inf" for infinity.
std::string difference_value(double value);

}  // namespace neurosim::gui
