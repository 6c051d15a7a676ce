// One side of the Compare window, from its observations (see compare_side.hpp).
#include "gui/compare/compare_side.hpp"

namespace neurosim::gui {

void CompareSide::add(Observations seen, int steps_per_column) {
  if (seen.facts) {
    // A new layout (first look, neurons added, another time scale): the raster starts afresh.
    const bool first = !facts;
    const bool grown = facts && seen.facts->structure_version != facts->structure_version;
    facts = seen.facts;
    if (first || grown || steps_per_column != ring.steps_per_column()) {
      std::vector<int> sizes;
      for (const PopulationFact& p : facts->populations) sizes.push_back(p.size);
      ring.configure(sizes, steps_per_column, /*same_run=*/!first);
    }
  }
  for (const CommandVerdict& v : seen.verdicts) {
    if (v.applied && v.command == "ResetNetwork") {
      ring.clear();
      bands.clear();
      rates.clear();
      traces.clear();
      spikes = 0;
    } else if (!v.applied) {
      message = v.command + " not applied: " + v.reason;
    }
  }
  step = seen.step;
  t_ms = seen.t_ms;
  spikes += seen.spikes.size();
  bands.add(seen.pattern_onsets);
  traces.add(std::move(seen.traces));
  rates.add(seen.rates);
  std::vector<SpikeEvent> none;
  ring.consume(seen.spikes, seen.spikes_lost, seen.step, {}, none);
}

}  // namespace neurosim::gui
