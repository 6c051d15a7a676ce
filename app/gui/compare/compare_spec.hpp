#pragma once
// Run B of a comparison, from the command line (`neurosim gui A --compare B`, `--compare-set
// PATH=VALUE ...`) or the Compare action (A's scenario as it now stands): its scenario, checked
// and built, or the reason it cannot be (the window exits with status 2 naming it).
//
// B is a preset name or a scenario file; without one, B is A's scenario. The `--compare-set`
// changes apply to B in order, as `neurosim run --set` applies them. B runs with A's seed (a
// different seed would show noise as a difference), unless a change sets "seed" itself; so
// each side's spikes are those of `neurosim run` of its scenario with that seed. A and B must
// have the same time step: they advance step for step.
#include <memory>
#include <string>
#include <vector>

#include "neurosim/network.hpp"
#include "neurosim/spec.hpp"

namespace neurosim::gui {

struct CompareChoice {
  std::string scenario;              // --compare: preset name or file; "" for A's scenario
  std::vector<std::string> changes;  // --compare-set PATH=VALUE, in order
  bool any() const { return !scenario.empty() || !changes.empty(); }
};

struct CompareSpec {
  std::unique_ptr<ScenarioSpec> spec;  // null when error is set
  std::string label;                   // "cuba", "A with tau_m=15", ...
  std::string error;                   // what is wrong, naming the file, path or value
};

// B's scenario from A's and the choice (not built yet).
CompareSpec compare_spec(const ScenarioSpec& a, const CompareChoice& choice);

// build_network for a comparison's side, errors as one line ("" when it built).
std::unique_ptr<Network> build_side(const ScenarioSpec& spec, const std::string& label, std::string& error);

}  // namespace neurosim::gui
