// Default rectangles of the learning layout (see learning_layout.hpp).
//
//  +------------+-------------------------------+-------------------+
//  | Simulation | Spike raster (pattern bands)  | Weights           |
//  +------------+-------------------------------+                   |
//  | Learning   | Weight histogram | Synapses   +-------------------+
//  | (eta, ...) +------------------+------------+ Before / after    |
//  |            | Latency (pattern scenarios)   +-------------------+
//  |            |                               | STDP window       |
//  +------------+-------------------------------+-------------------+
//
// Without patterns the synapses take the latency's row. With an experiment the dashboard takes
// the middle below the raster, the histogram the right column's bottom and the STDP window the
// left column's (synapses and latency open from the View menu; the dashboard plots latency too).
#include <imgui.h>

#include "gui/learning_layout.hpp"

namespace neurosim::gui {

namespace {

struct Area {
  float x, y, w, h;
  float left, middle, right;  // column widths
};

Area work_area() {
  // As layout.cpp: below the main menu bar (whose height WorkPos learns a frame late).
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float menu = ImGui::GetFrameHeight();
  Area a{};
  a.x = vp->Pos.x;
  a.y = vp->Pos.y + menu;
  a.w = vp->Size.x;
  a.h = vp->Size.y - menu - status_bar_height();
  a.left = a.w * 0.21f;    // 336 px at 1600
  a.middle = a.w * 0.45f;  // 720 px
  a.right = a.w - a.left - a.middle;
  return a;
}

// Fractions of the work area's height.
constexpr float kSimulationH = 0.31f;  // left column top
constexpr float kLearningH = 0.43f;    // Learning below it when the STDP window shares the column
constexpr float kRasterH = 0.36f;      // middle column top
constexpr float kWeightsH = 0.38f;     // right column top
constexpr float kBeforeAfterH = 0.30f; // right column, below the weights

void place(float x, float y, float w, float h, bool reset) {
  const ImGuiCond cond = reset ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
  ImGui::SetNextWindowPos(ImVec2(x, y), cond);
  ImGui::SetNextWindowSize(ImVec2(w, h), cond);
}

}  // namespace

void place_learning_core(Slot slot, bool reset) {
  const Area a = work_area();
  const float mx = a.x + a.left, rx = a.x + a.left + a.middle;
  const float below_raster = a.y + a.h * kRasterH;
  switch (slot) {
    case Slot::Simulation: place(a.x, a.y, a.left, a.h * kSimulationH, reset); break;
    case Slot::Controls:  // where Learning sits: the neuron parameters, opened on demand
      place(a.x, a.y + a.h * kSimulationH, a.left, a.h * (1.0f - kSimulationH), reset);
      break;
    case Slot::Raster: place(mx, a.y, a.middle, a.h * kRasterH, reset); break;
    case Slot::Heatmap: place(rx, a.y, a.right, a.h * kWeightsH, reset); break;
    case Slot::Traces: case Slot::Neuron:
      place(mx, below_raster, a.middle, a.h * (1.0f - kRasterH), reset);
      break;
    case Slot::Rates: case Slot::PhasePlane: case Slot::Population:
      place(rx, a.y + a.h * kWeightsH, a.right, a.h * (1.0f - kWeightsH), reset);
      break;
    case Slot::Status: place(a.x, a.y + a.h, a.w, status_bar_height(), reset); break;
  }
}

void place_learning_window(LearningSlot slot, const UiState& ui, bool reset) {
  const Area a = work_area();
  const float mx = a.x + a.left, rx = a.x + a.left + a.middle;
  const float top = a.y + a.h * kRasterH;            // middle column below the raster
  const float rest = a.h * (1.0f - kRasterH);
  const float row = rest * 0.5f;
  const float ba_y = a.y + a.h * kWeightsH;          // right column: before/after, then the third
  const float third_y = ba_y + a.h * kBeforeAfterH;
  const float third_h = a.h * (1.0f - kWeightsH - kBeforeAfterH);
  const float left_y = a.y + a.h * kSimulationH;
  const bool experiment = ui.learning_has_experiment;
  switch (slot) {
    case LearningSlot::Learning:
      place(a.x, left_y, a.left, experiment ? a.h * kLearningH : a.h * (1.0f - kSimulationH), reset);
      break;
    case LearningSlot::StdpWindow:
      if (experiment) place(a.x, left_y + a.h * kLearningH, a.left, a.h * (1.0f - kSimulationH - kLearningH), reset);
      else place(rx, third_y, a.right, third_h, reset);
      break;
    case LearningSlot::Experiment: place(mx, top, a.middle, rest, reset); break;
    case LearningSlot::WeightHist:
      if (experiment) place(rx, third_y, a.right, third_h, reset);
      else if (ui.learning_has_patterns) place(mx, top, a.middle * 0.5f, row, reset);
      else place(mx, top, a.middle, row, reset);
      break;
    case LearningSlot::Synapses:
      if (experiment || !ui.learning_has_patterns) place(mx, top + row, a.middle, row, reset);
      else place(mx + a.middle * 0.5f, top, a.middle * 0.5f, row, reset);
      break;
    case LearningSlot::Latency: place(mx, top + row, a.middle, row, reset); break;
    case LearningSlot::BeforeAfter: place(rx, ba_y, a.right, a.h * kBeforeAfterH, reset); break;
  }
}

void show_learning_windows(UiState& ui, bool on) {
  ui.show_learning = ui.show_stdp_window = ui.show_weight_hist = ui.show_before_after = on;
  ui.show_experiment = on && ui.learning_has_experiment;
  ui.show_synapses = on && !ui.learning_has_experiment;
  ui.show_latency = on && ui.learning_has_patterns && !ui.learning_has_experiment;
  if (!on) return;
  // The learning layout keeps the raster and the weights; the rest opens from the View menu.
  ui.show_simulation = ui.show_raster = ui.show_heatmap = true;
  ui.show_controls = ui.show_traces = ui.show_rates = false;
  ui.show_neuron = ui.show_phase_plane = ui.show_population = false;
  ui.reset_layout = true;
}

}  // namespace neurosim::gui
