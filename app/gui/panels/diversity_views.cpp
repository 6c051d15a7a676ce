// The neuron-diversity windows together: selection, drive, population classes, layout choice
// (see diversity_panels.hpp).
#include <imgui.h>

#include <algorithm>

#include "gui/panels/diversity_panels.hpp"
#include "gui/shell/layout.hpp"
#include "gui/shell/ui_state.hpp"

namespace neurosim::gui {

bool begin_neuron_window(const char* title, bool* open, const ScenarioFacts& facts, const NeuronSelection& selection) {
  if (!ImGui::Begin(title, open)) {
    ImGui::End();
    return false;
  }
  if (!selection.valid(facts)) {
    ImGui::TextDisabled("No simulated neuron in this scenario.");
    ImGui::End();
    return false;
  }
  return true;
}

bool pointer_used() {
  static bool used = false;
  const ImGuiIO& io = ImGui::GetIO();
  if (io.MouseDelta.x != 0.0f || io.MouseDelta.y != 0.0f || ImGui::IsAnyMouseDown()) used = true;
  return used;
}

// [SECTION] The windows

void DiversityViews::on_adopt(const ScenarioFacts& facts, const std::vector<std::pair<int, int>>& traced) {
  selection = NeuronSelection{};
  selection.choose_default(facts, traced);
  neuron.reset();
  phase.range_of = {-1, -1};
  population = PopulationPanel{};
}

void DiversityViews::add_wants(const UiState& ui, ObserveWants& wants) const {
  if (ui.show_neuron || ui.show_phase_plane) {
    wants.neuron_population = selection.population;
    wants.neuron = selection.neuron;
  }
  // Summing every weight (a million synapses in izhikevich2003) only for a new network and
  // then every few seconds, in case learning flips a projection's sign.
  if (ui.show_population && (!population.classes_with_weights || ImGui::GetTime() - population.classes_time > 5.0))
    wants.weight_sums = true;
}

void DiversityViews::draw(UiState& ui, const DiversityInputs& in, const Submit& submit, AppRequests& requests, bool reset_layout) {
  if (!selection.valid(in.facts)) {
    std::vector<std::pair<int, int>> traced;
    for (const TraceHistory::Probe& p : in.traces.probes()) traced.emplace_back(p.population, p.neuron);
    selection.choose_default(in.facts, traced);
  }
  const bool any = ui.show_neuron || ui.show_phase_plane || ui.show_population;
  if (any) selection.ensure_traced(in.facts, in.traces, submit);
  if (ui.show_neuron) {
    place_window(Slot::Neuron, reset_layout, ui.layout);
    neuron.draw(&ui.show_neuron, in, selection, submit, requests);
  }
  if (ui.show_phase_plane) {
    place_window(Slot::PhasePlane, reset_layout, ui.layout);
    phase.draw(&ui.show_phase_plane, in, selection);
  }
  if (ui.show_population) {
    place_window(Slot::Population, reset_layout, ui.layout);
    population.draw(&ui.show_population, in, selection, requests);
  }
}

void DiversityViews::draw_menu_items(UiState& ui) {
  ImGui::MenuItem("Neuron", nullptr, &ui.show_neuron);
  ImGui::MenuItem("Phase plane", nullptr, &ui.show_phase_plane);
  ImGui::MenuItem("Populations (E/I)", nullptr, &ui.show_population);
}

}  // namespace neurosim::gui
