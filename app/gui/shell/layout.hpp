#pragma once
// Default window layout. ImGui 1.86 (no docking branch) places windows where the code says, so
// every panel gets a rectangle computed from the work area: at 1600x900 all of them are visible
// side by side without overlap. Applied on first use and again from View > Reset layout.
#include "gui/shell/ui_state.hpp"

namespace neurosim::gui {

enum class Slot { Simulation, Parameters, Raster, Traces, Heatmap, Rates, Status, Neuron, PhasePlane, Population };

// Sets the next window's position and size (call right before ImGui::Begin).
void place_window(Slot slot, bool reset, Layout layout = Layout::Network);
// Shows the windows a layout is made of and hides the ones it has no room for.
void show_layout_windows(UiState& ui, Layout layout);
// The classification layout's core windows and its own (classification_layout.cpp).
void place_classification_core(Slot slot, bool reset);
void show_classification_windows(UiState& ui, bool on);
// The work area below the main menu bar and above the status bar, split into three columns of
// the given shares of its width (the layouts' common frame).
struct WorkArea {
  float x, y, w, h;
  float left, middle, right;  // column widths
};
WorkArea work_area(float left_share, float middle_share);
// Sets the next window's rectangle (always when `reset`, else on first use).
void place_rect(float x, float y, float w, float h, bool reset);
// Height of the status bar at the bottom of the work area.
float status_bar_height();

}  // namespace neurosim::gui
