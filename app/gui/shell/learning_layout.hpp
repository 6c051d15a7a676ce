#pragma once
// Window rectangles of the learning layout (learning_layout.cpp): the core windows (layout.cpp's
// place_window defers here when the layout is Layout::Learning) and the learning views.
#include "gui/shell/layout.hpp"
#include "gui/shell/ui_state.hpp"

namespace neurosim::gui {

enum class LearningSlot { Learning, StdpWindow, WeightHist, Synapses, BeforeAfter, Latency, Experiment };

// The default rectangle of a learning window for the scenario kind recorded in `ui`.
void place_learning_window(LearningSlot slot, const UiState& ui, bool reset);
// The core windows' rectangles in the learning layout.
void place_learning_core(Slot slot, bool reset);
// Shows the learning windows that suit the scenario kind (on) or hides them all (off); on also
// hides the core windows the learning layout has no room for.
void show_learning_windows(UiState& ui, bool on);

}  // namespace neurosim::gui
