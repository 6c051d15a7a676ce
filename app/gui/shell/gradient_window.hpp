#pragma once
// `neurosim gui sg-digits` / `neurosim gui fewshot-digits`: the gradient-training layout. The
// preset trains on a thread of its own (neurosim/gradient/live_training.hpp); every frame reads
// its latest snapshot, turns it into a GradientView (gui/views/gradient_view.hpp) and draws the
// gradient panels (gui/panels/gradient_panels.hpp). With --frames N each frame waits for one
// more training step, so a screenshot after N frames shows at least N steps of training.
#include <string>

#include "gui/shell/gui_main.hpp"

namespace neurosim::gui {

// True when the scenario names a gradient-training preset or file.
bool is_gradient_gui(const std::string& scenario);
// Returns the exit status: 0, 1 when a screenshot failed, 2 on a bad preset or no display.
int run_gradient_gui(const GuiOptions& options);

}  // namespace neurosim::gui
