// App's rewind (rewind.hpp): the views start again from what the seek re-simulated.
#include "gui/shell/app.hpp"

#include <cstdio>

namespace neurosim::gui {

void App::after_rewind() {
  // The observation that reports the rewind holds the re-simulated span (the raster's window
  // before the target, as far as the checkpoints reach) and the rate bins the restored monitor
  // keeps: the views are refilled from it alone.
  ring_.clear();
  pattern_bands_.clear();
  trace_spikes_.clear();
  trace_history_.clear();
  rates_.clear();
  clock_.resync();
}

std::string App::rewind_summary() const {
  const std::optional<HistoryCoverage> c = rewind_.coverage();
  if (!c) return "no history";
  char text[160];
  const double now_ms = static_cast<double>(c->now_step) * c->dt_ms, last_ms = static_cast<double>(c->last_step) * c->dt_ms;
  if (c->rewound) std::snprintf(text, sizeof text, "rewound: at t = %g ms, later history kept to %g ms", now_ms, last_ms);
  else std::snprintf(text, sizeof text, "not rewound: at t = %g ms, the latest", now_ms);
  return text;
}

}  // namespace neurosim::gui
