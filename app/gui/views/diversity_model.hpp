#pragma once
// The neuron-diversity views' model, without ImGui or GL (the windows: panels/diversity_panels.hpp):
// which neuron they look at, which populations are excitatory or inhibitory, and whether a
// scenario opens in the diversity layout. Everything is read from the scenario facts and what
// the App keeps of the observations.
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gui/views/trace_history.hpp"
#include "neurosim/commands.hpp"
#include "neurosim/observations.hpp"

namespace neurosim::gui {

// Models whose state has a phase plane worth drawing, and those with an adaptation variable.
bool has_phase_plane(std::string_view model);
bool has_adaptation(std::string_view model);

// [SECTION] Selection
struct NeuronSelection {
  int population = -1;  // -1: none yet (chosen on the next draw)
  int neuron = 0;
  std::string trace_error;  // why SetTraced was refused, shown once per selection
  bool trace_requested = false;

  bool valid(const ScenarioFacts& facts) const;
  void choose(int population_index, int neuron_index);
  // A sensible default: the first traced neuron (of `traced`, (population, neuron) pairs) of a
  // model with a phase plane, else the first traced neuron, else neuron 0 of the first simulated
  // population.
  void choose_default(const ScenarioFacts& facts, const std::vector<std::pair<int, int>>& traced);
  // Makes sure the chosen neuron is recorded (SetTraced once per selection, through `submit`,
  // which returns "" or why the command was refused).
  void ensure_traced(const ScenarioFacts& facts, const TraceHistory& traces, const std::function<std::string(const Command&)>& submit);
  // The chosen neuron's recorded trace, or nullptr while it is not recorded.
  const TraceHistory::Probe* probe(const TraceHistory& traces) const;
};

// [SECTION] Population classes
// Excitatory, inhibitory or external (a spike source), in this order of evidence:
//   1. a spike source is external;
//   2. a population whose projections onto simulated populations have a negative summed weight
//      is inhibitory, a positive one excitatory;
//   3. otherwise its name says it ("inh", "I", "interneuron", "basket", "FS", "PV", "SST",
//      "GABA", "Golgi", "Purkinje": inhibitory), else excitatory.
enum class PopulationClass { Excitatory, Inhibitory, External };
// `weight_sums`: per projection, its summed weight (null: not observed yet; rule 3 alone).
PopulationClass classify_population(const ScenarioFacts& facts, const std::vector<double>* weight_sums, int population);
// Rule 3: a word of the name says "inhibitory".
bool inhibitory_name(const std::string& name);

// [SECTION] Layout choice
// The diversity layout is chosen for a single neuron on its own, or for a scenario without
// plastic projections that has a population of a model with an adaptation variable (adex,
// dendritic, izhikevich, hh, lif_adaptive): there the weight matrix is static and the neuron is
// the story. Otherwise the network layout (raster, traces, weights, rates) stays.
bool prefers_diversity_layout(const ScenarioFacts& facts);

}  // namespace neurosim::gui
