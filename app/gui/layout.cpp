// Default window rectangles (see layout.hpp).
//
//  +-------------+-------------------------------+---------------+
//  | Simulation  | Spike raster                  | Weights       |
//  +-------------+                               |               |
//  | Parameters  +-------------------------------+---------------+
//  |             | Membrane traces               | Firing rates  |
//  +-------------+-------------------------------+---------------+
//  | status bar                                                  |
#include "gui/layout.hpp"

#include <imgui.h>

namespace neurosim::gui {

float status_bar_height() {
  return ImGui::GetTextLineHeight() + 2.0f * ImGui::GetStyle().WindowPadding.y;
}

void place_window(Slot slot, bool reset) {
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
  switch (slot) {
    case Slot::Simulation: pos = {x, y}; size = {left, sim_h}; break;
    case Slot::Controls: pos = {x, y + sim_h}; size = {left, h - sim_h}; break;
    case Slot::Raster: pos = {x + left, y}; size = {middle, top}; break;
    case Slot::Traces: pos = {x + left, y + top}; size = {middle, h - top}; break;
    case Slot::Heatmap: pos = {x + left + middle, y}; size = {right, top}; break;
    case Slot::Rates: pos = {x + left + middle, y + top}; size = {right, h - top}; break;
    case Slot::Status: pos = {x, y + h}; size = {w, status_bar_height()}; break;
  }
  const ImGuiCond cond = reset ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
  ImGui::SetNextWindowPos(pos, cond);
  ImGui::SetNextWindowSize(size, cond);
}

}  // namespace neurosim::gui
