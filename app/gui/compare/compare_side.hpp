#pragma once
// What the Compare window keeps of one side (run A or run B), built only from that Session's
// observations: its facts, the raster ring and pattern windows, population rates and traced
// neurons. No GL, no
// ImGui; the window draws from it.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gui/views/pattern_bands.hpp"
#include "gui/views/raster_ring.hpp"
#include "gui/views/rate_history.hpp"
#include "gui/views/trace_history.hpp"
#include "neurosim/observations.hpp"

namespace neurosim::gui {

struct CompareSide {
  std::string label;  // "A: cuba", "B: A with populations.exc.params.tau_m=15"
  std::shared_ptr<const ScenarioFacts> facts;
  RasterRing ring;
  PatternBands bands;  // the hidden patterns' windows (a pattern input), shaded on the raster
  RateHistory rates;
  TraceHistory traces;
  std::int64_t step = 0;
  double t_ms = 0.0;
  std::uint64_t spikes = 0;   // spikes seen since the side started (or its last reset)
  std::string message;        // the last refused command, for the side's header

  // Reads one observation of this side. `steps_per_column`: the raster's time per column (both
  // sides use the same, so their columns line up in time).
  void add(Observations seen, int steps_per_column);
};

}  // namespace neurosim::gui
