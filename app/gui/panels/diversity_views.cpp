// The neuron-diversity windows together: selection, drive, population classes, layout choice
// (see diversity_panels.hpp).
#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <cmath>

#include "gui/panels/diversity_panels.hpp"
#include "gui/shell/layout.hpp"
#include "gui/shell/ui_state.hpp"
#include "neurosim/network.hpp"

namespace neurosim::gui {

namespace {

bool has_phase_plane(std::string_view model) {
  return model == "adex" || model == "dendritic" || model == "izhikevich" || model == "hh";
}

bool has_adaptation(std::string_view model) { return has_phase_plane(model) || model == "lif_adaptive"; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Rule 3 of classify_population: a word of the name says "inhibitory" ("I", "inh", "FS", ...).
bool inhibitory_name(const std::string& name) {
  const std::string n = lower(name);
  std::size_t i = 0;
  while (i < n.size()) {
    while (i < n.size() && !std::isalnum(static_cast<unsigned char>(n[i]))) ++i;
    std::size_t j = i;
    while (j < n.size() && std::isalnum(static_cast<unsigned char>(n[j]))) ++j;
    const std::string word = n.substr(i, j - i);
    if (word == "i" || word.rfind("inh", 0) == 0 || word.rfind("interneuron", 0) == 0 || word == "basket" ||
        word == "pv" || word == "sst" || word == "fs" || word == "gaba" || word == "golgi" || word == "purkinje")
      return true;
    i = j;
  }
  return false;
}

}  // namespace

// [SECTION] Selection

bool NeuronSelection::valid(const Network& network) const {
  return population >= 0 && population < network.population_count() && neuron >= 0 &&
         neuron < network.population(population).size() && !network.population(population).is_source();
}

const TraceProbe* NeuronSelection::probe(const Network& network) const {
  for (const TraceProbe& p : network.traces().probes())
    if (p.population == population && p.neuron == neuron) return &p;
  return nullptr;
}

bool begin_neuron_window(const char* title, bool* open, const Network& network, const NeuronSelection& selection) {
  if (!ImGui::Begin(title, open)) {
    ImGui::End();
    return false;
  }
  if (!selection.valid(network)) {
    ImGui::TextDisabled("No simulated neuron in this scenario.");
    ImGui::End();
    return false;
  }
  return true;
}

void NeuronSelection::choose(int population_index, int neuron_index) {
  if (population_index == population && neuron_index == neuron) return;
  population = population_index;
  neuron = neuron_index;
  trace_error.clear();
  trace_requested = false;
}

void NeuronSelection::choose_default(const Network& network) {
  const auto& probes = network.traces().probes();
  for (const TraceProbe& p : probes)
    if (has_phase_plane(network.population(p.population).model())) return choose(p.population, p.neuron);
  if (!probes.empty()) return choose(probes.front().population, probes.front().neuron);
  for (int i = 0; i < network.population_count(); ++i)
    if (!network.population(i).is_source() && network.population(i).size() > 0) return choose(i, 0);
  choose(-1, 0);
}

void NeuronSelection::ensure_traced(const Network& network, const Submit& submit) {
  if (!valid(network) || trace_requested) return;
  for (const TraceProbe& p : network.traces().probes())
    if (p.population == population && p.neuron == neuron) return;
  trace_error = submit(SetTraced{population, neuron});
  trace_requested = true;
}

bool pointer_used() {
  static bool used = false;
  const ImGuiIO& io = ImGui::GetIO();
  if (io.MouseDelta.x != 0.0f || io.MouseDelta.y != 0.0f || ImGui::IsAnyMouseDown()) used = true;
  return used;
}

double constant_drive(const Network& network, int population, int neuron) {
  if (population < 0 || population >= network.population_count()) return 0.0;
  const Population& pop = network.population(population);
  double drive = 0.0;
  if (const double bias = pop.param("I_bias"); !std::isnan(bias)) drive += bias;
  const double t = network.time_ms();
  for (int s = 0; s < network.stimulus_count(); ++s) {
    const Stimulus& stim = network.stimulus(s);
    if (stim.population() != population) continue;
    const auto& targets = stim.neurons();
    if (!targets.empty() && std::find(targets.begin(), targets.end(), neuron) == targets.end()) continue;
    const StimulusParams& p = stim.params();
    if (t >= p.start_ms && t < p.stop_ms) drive += p.amplitude;
  }
  return drive;
}

// [SECTION] Population classes

PopulationClass classify_population(const Network& network, int population) {
  const Population& pop = network.population(population);
  if (pop.is_source()) return PopulationClass::External;
  double signed_weight = 0.0;
  bool any = false;
  for (int j = 0; j < network.projection_count(); ++j) {
    const Projection& proj = network.projection(j);
    if (proj.pre() != population || network.population(proj.post()).is_source()) continue;
    for (const float w : proj.weights()) signed_weight += w;
    any = any || proj.synapse_count() > 0;
  }
  if (any && signed_weight != 0.0) return signed_weight < 0.0 ? PopulationClass::Inhibitory : PopulationClass::Excitatory;
  return inhibitory_name(pop.name()) ? PopulationClass::Inhibitory : PopulationClass::Excitatory;
}

// [SECTION] Layout choice and the windows

bool prefers_diversity_layout(const Network& network) {
  // A single neuron on its own (lif-single, hh-single) is a neuron demonstration: the neuron view
  // with its current step and f-I curve says more than a raster of one row.
  if (network.population_count() == 1 && network.projection_count() == 0 && network.population(0).size() == 1 &&
      !network.population(0).is_source())
    return true;
  for (int j = 0; j < network.projection_count(); ++j)
    if (network.plasticity(j) != nullptr) return false;
  for (int i = 0; i < network.population_count(); ++i)
    if (has_adaptation(network.population(i).model())) return true;
  return false;
}

void DiversityViews::on_adopt(const Network& network) {
  selection = NeuronSelection{};
  selection.choose_default(network);
  neuron.reset();
  phase.range_of = {-1, -1};
  population = PopulationPanel{};
}

void DiversityViews::draw(UiState& ui, const Network& network, const TraceSpikes& spikes, const Submit& submit,
                          AppRequests& requests, bool reset_layout) {
  if (!selection.valid(network)) selection.choose_default(network);
  const bool any = ui.show_neuron || ui.show_phase_plane || ui.show_population;
  if (any) selection.ensure_traced(network, submit);
  if (ui.show_neuron) {
    place_window(Slot::Neuron, reset_layout, ui.layout);
    neuron.draw(&ui.show_neuron, network, selection, spikes, submit, requests);
  }
  if (ui.show_phase_plane) {
    place_window(Slot::PhasePlane, reset_layout, ui.layout);
    phase.draw(&ui.show_phase_plane, network, selection);
  }
  if (ui.show_population) {
    place_window(Slot::Population, reset_layout, ui.layout);
    population.draw(&ui.show_population, network, selection, requests);
  }
}

void DiversityViews::draw_menu_items(UiState& ui) {
  ImGui::MenuItem("Neuron", nullptr, &ui.show_neuron);
  ImGui::MenuItem("Phase plane", nullptr, &ui.show_phase_plane);
  ImGui::MenuItem("Populations (E/I)", nullptr, &ui.show_population);
}

}  // namespace neurosim::gui
