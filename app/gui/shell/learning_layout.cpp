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

#include "gui/shell/learning_layout.hpp"

namespace neurosim::gui {

namespace {

// Columns of 336, 720 and 544 px at 1600.
WorkArea area() { return work_area(0.21f, 0.45f); }

// Fractions of the work area's height.
constexpr float kSimulationH = 0.31f;  // left column top
constexpr float kLearningH = 0.43f;    // Learning below it when the STDP window shares the column
constexpr float kRasterH = 0.36f;      // middle column top
constexpr float kWeightsH = 0.38f;     // right column top
constexpr float kBeforeAfterH = 0.30f; // right column, below the weights


}  // namespace

void place_learning_core(Slot slot, bool reset) {
  const WorkArea a = area();
  const float mx = a.x + a.left, rx = a.x + a.left + a.middle;
  const float below_raster = a.y + a.h * kRasterH;
  switch (slot) {
    case Slot::Simulation: place_rect(a.x, a.y, a.left, a.h * kSimulationH, reset); break;
    case Slot::Parameters:  // where Learning sits: the neuron parameters, opened on demand
      place_rect(a.x, a.y + a.h * kSimulationH, a.left, a.h * (1.0f - kSimulationH), reset);
      break;
    case Slot::Raster: place_rect(mx, a.y, a.middle, a.h * kRasterH, reset); break;
    case Slot::Heatmap: place_rect(rx, a.y, a.right, a.h * kWeightsH, reset); break;
    case Slot::Traces: case Slot::Neuron:
      place_rect(mx, below_raster, a.middle, a.h * (1.0f - kRasterH), reset);
      break;
    case Slot::Rates: case Slot::PhasePlane: case Slot::Population:
      place_rect(rx, a.y + a.h * kWeightsH, a.right, a.h * (1.0f - kWeightsH), reset);
      break;
    case Slot::Status: place_rect(a.x, a.y + a.h, a.w, status_bar_height(), reset); break;
  }
}

void place_learning_window(LearningSlot slot, const UiState& ui, bool reset) {
  const WorkArea a = area();
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
      place_rect(a.x, left_y, a.left, experiment ? a.h * kLearningH : a.h * (1.0f - kSimulationH), reset);
      break;
    case LearningSlot::StdpWindow:
      if (experiment) place_rect(a.x, left_y + a.h * kLearningH, a.left, a.h * (1.0f - kSimulationH - kLearningH), reset);
      else place_rect(rx, third_y, a.right, third_h, reset);
      break;
    case LearningSlot::Experiment: place_rect(mx, top, a.middle, rest, reset); break;
    case LearningSlot::WeightHist:
      if (experiment) place_rect(rx, third_y, a.right, third_h, reset);
      else if (ui.learning_has_patterns) place_rect(mx, top, a.middle * 0.5f, row, reset);
      else place_rect(mx, top, a.middle, row, reset);
      break;
    case LearningSlot::Synapses:
      if (experiment || !ui.learning_has_patterns) place_rect(mx, top + row, a.middle, row, reset);
      else place_rect(mx + a.middle * 0.5f, top, a.middle * 0.5f, row, reset);
      break;
    case LearningSlot::Latency: place_rect(mx, top + row, a.middle, row, reset); break;
    case LearningSlot::BeforeAfter: place_rect(rx, ba_y, a.right, a.h * kBeforeAfterH, reset); break;
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
  ui.show_parameters = ui.show_traces = ui.show_rates = false;
  ui.show_neuron = ui.show_phase_plane = ui.show_population = false;
  ui.reset_layout = true;
}

}  // namespace neurosim::gui
