// App's rewind (rewind.hpp): the views start again from what the seek re-simulated.
#include "gui/shell/app.hpp"

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

}  // namespace neurosim::gui
