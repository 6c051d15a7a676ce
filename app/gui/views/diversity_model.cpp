// The neuron-diversity views' model (see diversity_model.hpp).
#include "gui/views/diversity_model.hpp"

#include <cctype>

namespace neurosim::gui {

bool has_phase_plane(std::string_view model) {
  return model == "adex" || model == "dendritic" || model == "izhikevich" || model == "hh";
}

bool has_adaptation(std::string_view model) { return has_phase_plane(model) || model == "lif_adaptive"; }

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

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

// [SECTION] Selection

bool NeuronSelection::valid(const ScenarioFacts& facts) const {
  return population >= 0 && population < static_cast<int>(facts.populations.size()) && neuron >= 0 &&
         neuron < facts.populations[static_cast<std::size_t>(population)].size && !facts.populations[static_cast<std::size_t>(population)].source;
}

const TraceHistory::Probe* NeuronSelection::probe(const TraceHistory& traces) const {
  for (const TraceHistory::Probe& p : traces.probes())
    if (p.population == population && p.neuron == neuron) return &p;
  return nullptr;
}

void NeuronSelection::choose(int population_index, int neuron_index) {
  if (population_index == population && neuron_index == neuron) return;
  population = population_index;
  neuron = neuron_index;
  trace_error.clear();
  trace_requested = false;
}

void NeuronSelection::choose_default(const ScenarioFacts& facts, const std::vector<std::pair<int, int>>& traced) {
  const auto pops = static_cast<int>(facts.populations.size());
  for (const auto& [p, n] : traced)
    if (p >= 0 && p < pops && has_phase_plane(facts.populations[static_cast<std::size_t>(p)].model)) return choose(p, n);
  if (!traced.empty()) return choose(traced.front().first, traced.front().second);
  for (int i = 0; i < pops; ++i)
    if (!facts.populations[static_cast<std::size_t>(i)].source && facts.populations[static_cast<std::size_t>(i)].size > 0) return choose(i, 0);
  choose(-1, 0);
}

void NeuronSelection::ensure_traced(const ScenarioFacts& facts, const TraceHistory& traces, const std::function<std::string(const Command&)>& submit) {
  if (!valid(facts) || trace_requested) return;
  if (probe(traces) != nullptr) return;
  trace_error = submit(SetTraced{population, neuron});
  trace_requested = true;
}

// [SECTION] Population classes

PopulationClass classify_population(const ScenarioFacts& facts, const std::vector<double>* weight_sums, int population) {
  const PopulationFact& pop = facts.populations[static_cast<std::size_t>(population)];
  if (pop.source) return PopulationClass::External;
  double signed_weight = 0.0;
  bool any = false;
  for (std::size_t j = 0; j < facts.projections.size(); ++j) {
    const ProjectionFact& proj = facts.projections[j];
    if (proj.pre != population || proj.post < 0 || facts.populations[static_cast<std::size_t>(proj.post)].source) continue;
    if (weight_sums != nullptr && j < weight_sums->size()) signed_weight += (*weight_sums)[j];
    any = any || proj.synapses > 0;
  }
  if (any && signed_weight != 0.0) return signed_weight < 0.0 ? PopulationClass::Inhibitory : PopulationClass::Excitatory;
  return inhibitory_name(pop.name) ? PopulationClass::Inhibitory : PopulationClass::Excitatory;
}

// [SECTION] Layout choice and the windows

bool prefers_diversity_layout(const ScenarioFacts& facts) {
  // A single neuron on its own (lif-single, hh-single) is a neuron demonstration: the neuron view
  // with its current step and f-I curve says more than a raster of one row.
  if (facts.populations.size() == 1 && facts.projections.empty() && facts.populations[0].size == 1 && !facts.populations[0].source)
    return true;
  for (const ProjectionFact& j : facts.projections)
    if (!j.rule_id.empty()) return false;
  for (const PopulationFact& p : facts.populations)
    if (has_adaptation(p.model)) return true;
  return false;
}

}  // namespace neurosim::gui
