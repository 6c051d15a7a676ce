// Default rectangles of the classification layout (see classification_panels.hpp).
//
//  +------------+-------------------------------+--------------------+
//  | Simulation | Receptive fields              | Digit (image,      |
//  +------------+  (one tile per output neuron) |  answer, votes,    |
//  | Training   |                               |  spike counts)     |
//  | curve      +-------------------------------+--------------------+
//  |            | Spike raster                  | Confusion          |
//  +------------+-------------------------------+--------------------+
//
// Parameters, the learning views and the Experiment dashboard open from the View menu.
#include <imgui.h>

#include "gui/panels/classification_panels.hpp"
#include "gui/shell/layout.hpp"

namespace neurosim::gui {

namespace {

// Columns of 400, 704 and 496 px at 1600.
WorkArea area() { return work_area(0.25f, 0.44f); }

constexpr float kSimulationH = 0.30f;  // left column top
constexpr float kFieldsH = 0.64f;      // middle column top
constexpr float kDigitH = 0.50f;       // right column top


}  // namespace

void place_classification_window(ClassificationSlot slot, bool reset) {
  const WorkArea a = area();
  const float mx = a.x + a.left, rx = mx + a.middle;
  switch (slot) {
    case ClassificationSlot::Curve: place_rect(a.x, a.y + a.h * kSimulationH, a.left, a.h * (1.0f - kSimulationH), reset); break;
    case ClassificationSlot::Fields: place_rect(mx, a.y, a.middle, a.h * kFieldsH, reset); break;
    case ClassificationSlot::Digit: place_rect(rx, a.y, a.right, a.h * kDigitH, reset); break;
    case ClassificationSlot::Confusion: place_rect(rx, a.y + a.h * kDigitH, a.right, a.h * (1.0f - kDigitH), reset); break;
  }
}

void place_classification_core(Slot slot, bool reset) {
  const WorkArea a = area();
  const float mx = a.x + a.left, rx = mx + a.middle;
  switch (slot) {
    case Slot::Simulation: place_rect(a.x, a.y, a.left, a.h * kSimulationH, reset); break;
    case Slot::Raster: place_rect(mx, a.y + a.h * kFieldsH, a.middle, a.h * (1.0f - kFieldsH), reset); break;
    // Opened from the View menu: over the training curve, the fields and the digit.
    case Slot::Parameters: case Slot::Neuron: place_rect(a.x, a.y + a.h * kSimulationH, a.left, a.h * (1.0f - kSimulationH), reset); break;
    case Slot::Heatmap: case Slot::Traces: case Slot::PhasePlane: place_rect(mx, a.y, a.middle, a.h * kFieldsH, reset); break;
    case Slot::Rates: case Slot::Population: place_rect(rx, a.y, a.right, a.h * kDigitH, reset); break;
    case Slot::Status: place_rect(a.x, a.y + a.h, a.w, status_bar_height(), reset); break;
  }
}

void show_classification_windows(UiState& ui, bool on) {
  ui.show_receptive_fields = ui.show_digit = ui.show_confusion = ui.show_training_curve = on;
  if (!on) return;
  ui.show_simulation = ui.show_raster = true;
  ui.show_parameters = ui.show_traces = ui.show_heatmap = ui.show_rates = false;
  ui.show_neuron = ui.show_phase_plane = ui.show_population = false;
}

}  // namespace neurosim::gui
