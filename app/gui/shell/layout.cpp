// Default window rectangles (see layout.hpp).
//
//  +-------------+-------------------------------+---------------+
//  | Simulation  | Spike raster                  | Weights       |
//  +-------------+                               |               |
//  | Parameters  +-------------------------------+---------------+
//  |             | Membrane traces               | Firing rates  |
//  +-------------+-------------------------------+---------------+
//  | status bar                                                  |
//
// The diversity layout (one neuron in detail) keeps the left column and the raster:
//
//  +-----------+---------------------------+-------------------+
//  | Simulation| Spike raster              | Phase plane       |
//  +-----------+---------------------------+                   |
//  | Parameters| Neuron (lanes | step, f-I)+-------------------+
//  |           |                           | Populations (E/I) |
//  +-----------+---------------------------+-------------------+
#include "gui/shell/layout.hpp"

#include <imgui.h>

#include "gui/shell/learning_layout.hpp"  // the learning layout's rectangles

namespace neurosim::gui {

WorkArea work_area(float left_share, float middle_share) {
  // Below the main menu bar. The viewport's WorkPos learns about the menu bar only one frame
  // after it first appears, too late for the first placement, so its height is added here.
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float menu = ImGui::GetFrameHeight();
  WorkArea a{};
  a.x = vp->Pos.x;
  a.y = vp->Pos.y + menu;
  a.w = vp->Size.x;
  a.h = vp->Size.y - menu - status_bar_height();
  a.left = a.w * left_share;
  a.middle = a.w * middle_share;
  a.right = a.w - a.left - a.middle;
  return a;
}

void place_rect(float x, float y, float w, float h, bool reset) {
  const ImGuiCond cond = reset ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
  ImGui::SetNextWindowPos(ImVec2(x, y), cond);
  ImGui::SetNextWindowSize(ImVec2(w, h), cond);
}

float status_bar_height() {
  return ImGui::GetTextLineHeight() + 2.0f * ImGui::GetStyle().WindowPadding.y;
}

void show_layout_windows(UiState& ui, Layout layout) {
  ui.layout = layout;
  const bool diversity = layout == Layout::Diversity;
  ui.show_simulation = ui.show_parameters = ui.show_raster = true;
  ui.show_traces = ui.show_heatmap = ui.show_rates = !diversity;
  ui.show_neuron = ui.show_phase_plane = ui.show_population = diversity;
  show_learning_windows(ui, layout == Layout::Learning);  // also trims the core windows it replaces
  show_classification_windows(ui, layout == Layout::Classification);
  ui.reset_layout = true;
}

void place_window(Slot slot, bool reset, Layout layout) {
  if (layout == Layout::Learning) {
    place_learning_core(slot, reset);  // learning_layout.cpp
    return;
  }
  if (layout == Layout::Classification) {
    place_classification_core(slot, reset);  // classification_layout.cpp
    return;
  }
  // Below the main menu bar. The viewport's WorkPos learns about the menu bar only one frame
  // after it first appears, too late for the first placement, so its height is added here.
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float menu = ImGui::GetFrameHeight();
  const float x = vp->Pos.x, y = vp->Pos.y + menu;
  const float w = vp->Size.x;
  const float h = vp->Size.y - menu - status_bar_height();
  const float left = w * 0.225f;   // 360 px at 1600
  const float right = w * 0.25f;   // 400 px at 1600
  const float middle = w - left - right;
  const float top = h * 0.5f;      // raster + weights above, traces + rates below
  const float sim_h = h * 0.42f;

  ImVec2 pos, size;
  if (layout == Layout::Diversity && slot != Slot::Status) {
    const float d_left = w * 0.21f;   // 336 px at 1600
    const float d_right = w * 0.29f;  // 464 px at 1600
    const float d_middle = w - d_left - d_right;
    const float raster_h = h * 0.36f;
    const float phase_h = h * 0.52f;
    switch (slot) {
      case Slot::Simulation: pos = {x, y}; size = {d_left, sim_h}; break;
      case Slot::Parameters: pos = {x, y + sim_h}; size = {d_left, h - sim_h}; break;
      case Slot::Raster: pos = {x + d_left, y}; size = {d_middle, raster_h}; break;
      case Slot::Neuron: case Slot::Traces: pos = {x + d_left, y + raster_h}; size = {d_middle, h - raster_h}; break;
      case Slot::PhasePlane: case Slot::Heatmap: pos = {x + d_left + d_middle, y}; size = {d_right, phase_h}; break;
      case Slot::Population: case Slot::Rates: pos = {x + d_left + d_middle, y + phase_h}; size = {d_right, h - phase_h}; break;
      case Slot::Status: break;
    }
    const ImGuiCond cond = reset ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
    ImGui::SetNextWindowPos(pos, cond);
    ImGui::SetNextWindowSize(size, cond);
    return;
  }
  switch (slot) {
    case Slot::Simulation: pos = {x, y}; size = {left, sim_h}; break;
    case Slot::Parameters: pos = {x, y + sim_h}; size = {left, h - sim_h}; break;
    case Slot::Raster: pos = {x + left, y}; size = {middle, top}; break;
    case Slot::Traces: case Slot::Neuron: pos = {x + left, y + top}; size = {middle, h - top}; break;
    case Slot::Heatmap: case Slot::PhasePlane: pos = {x + left + middle, y}; size = {right, top}; break;
    case Slot::Rates: case Slot::Population: pos = {x + left + middle, y + top}; size = {right, h - top}; break;
    case Slot::Status: pos = {x, y + h}; size = {w, status_bar_height()}; break;
  }
  const ImGuiCond cond = reset ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
  ImGui::SetNextWindowPos(pos, cond);
  ImGui::SetNextWindowSize(size, cond);
}

}  // namespace neurosim::gui
