#pragma once
// Changes requested while a network runs. They are checked when submitted (an invalid value is
// rejected with a message and nothing changes) and applied between steps.
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "neurosim/input_spec.hpp"
#include "neurosim/projection.hpp"
#include "neurosim/spec.hpp"
#include "neurosim/stimulus.hpp"

namespace neurosim {

struct SetParam {
  int population;
  std::string param;
  double value;
};

struct SetStimulus {
  int stimulus;
  StimulusParams params;
};

// Record the state of one more neuron (or stop: `record` false).
struct SetTraced {
  int population;
  int neuron;
  bool record = true;
};

// What SetParams changes: a population's neuron model or a projection's learning rule.
struct ParamTarget {
  enum class Kind { Population, Plasticity };
  Kind kind = Kind::Population;
  int index = -1;  // population or projection
};

// Several parameters of one target together: the whole candidate set (the current values with
// these replaced) is validated at once and applied at once, or nothing changes. A cell type
// whose reset lies above the old threshold is taken in one step, in any order of values.
struct SetParams {
  ParamTarget target;
  std::vector<std::pair<std::string, double>> values;
  // An undo's: the scenario's entries of the target as they were before the edit (a value the
  // scenario left to the model's default is left to it again; per-neuron values are drawn again
  // from their distribution), in place of the values above. Population or rule, by target.
  std::optional<std::map<std::string, Distribution>> scenario_params = std::nullopt;
  std::optional<std::map<std::string, double>> scenario_rule_params = std::nullopt;
};

// A learning parameter of a plastic projection (the learning rate "eta" first among them).
struct SetPlasticityParam {
  int projection;
  std::string param;
  double value;
};

// A reward (positive) or punishment (negative) for reward-modulated plasticity: it adds to the
// dopamine level of every R-STDP projection. With end_window, it instead closes a decision
// window: rules that learn per window (rstdp_first_spike) update the synapses onto `winner`
// (-1: no decision) and start the next window. winner_silent: the winner decided without
// firing (by its potential); it counts as firing at the window's end.
struct DeliverReward {
  double amount;
  int winner = -1;
  bool end_window = false;
  bool winner_silent = false;
};

// Back to the initial state with the same random streams: the run repeats exactly.
struct ResetNetwork {};

// New input data, loaded by engine/io: for a population of model file (a series as spikes or
// rates) or images (an image set), or for a stimulus with an input (currents). The data must
// fit (as many columns as neurons or targets); it plays from the next step, from its start.
struct SetInput {
  int population = -1;  // either this...
  int stimulus = -1;    // ...or this
  InputSpec input;
};

// `count` more neurons for a population that is not a spike source. Existing neurons keep their
// state and every existing synapse its weight; the new ones start as a build at the new size
// would start them, and every projection into or out of the population gains the synapses its
// connectivity rule gives the new pairs, with weights (and delays) from that projection's
// distributions drawn from a stream of the seed and the growth's number (a run with the same
// scenario, seed and growth schedule repeats exactly). one_to_one projections to another
// population cannot follow and refuse. The scenario held by the network takes the new size;
// `from_schedule` marks the experiment's own grow entry, which is then dropped from it, so
// that a saved scenario builds the network as it now is.
struct AddNeurons {
  int population;
  int count = 1;
  bool from_schedule = false;
};

// A projection's live controls; each field given is changed, from the next step:
//   weight_scale  gain on every weight at delivery (0 .. 10000; learned weights too);
//   delay_ms      one delay for every synapse (per-synapse delays are replaced); spikes already
//                 on their way keep the delay they were sent with;
//   receptor      which input (exc or inh) of the target the projection feeds;
//   enabled       false: the projection delivers nothing (learning on it goes on);
//   same_step     the scenario's same_step: true, a delay that rounds to 0 steps delivers within
//                 the step (the target feels the spike one step after it was sent); false, such
//                 a delay takes one step. Refused, naming same_step, for a target model that
//                 cannot take same-step input, and for per-synapse delays reaching below dt / 2
//                 (which steps they take would change; set one delay with it).
struct SetProjection {
  int projection;
  std::optional<double> weight_scale = std::nullopt;
  std::optional<double> delay_ms = std::nullopt;
  std::optional<Receptor> receptor = std::nullopt;
  std::optional<bool> enabled = std::nullopt;
  // An undo's: the scenario names no receptor again (the sign of the weights chooses it).
  bool receptor_by_sign = false;
  std::optional<bool> same_step = std::nullopt;
};

// [SECTION] Structure edits (the network editor; network_edit.cpp)
// Each is checked as a build of the edited scenario would check it (the reason names the field,
// "populations[3].model: unknown model ..."), and applied between steps: every other element
// keeps its state, weights and time. The scenario held by the network follows, so that a saved
// scenario builds the edited network. Added elements are built as a build of the edited
// scenario builds them (the same streams, numbered by their place in their list).

// A new population, at list place `at` (-1: the end). Places before the end renumber the
// populations after it, which a running experiment or reward rule cannot follow (refused then).
struct AddPopulation {
  PopulationSpec spec;
  int at = -1;
};

// A new projection, at list place `at` (-1: the end). `weights`, when given and of the built
// projection's synapse count, replace the drawn weights (an undone removal brings back what
// the projection had learned).
struct AddProjection {
  ProjectionSpec spec;
  int at = -1;
  std::vector<float> weights = {};
};

// A new stimulus, at list place `at` (-1: the end).
struct AddStimulus {
  StimulusSpec spec;
  int at = -1;
};

// Removes a population, projection or stimulus. A population that projections or stimuli use is
// refused (naming them) unless `with_connections`, which removes them with it.
struct RemoveElement {
  Element kind = Element::Population;
  int index = -1;
  bool with_connections = false;
};

// A new name for an element; names stay unique within their list.
struct RenameElement {
  Element kind = Element::Population;
  int index = -1;
  std::string name;
};

// A copy of an element, built from its scenario entry under `name`, at the end of its list.
// A population's copy takes no projections; a projection's or stimulus's copy its source's
// populations.
struct DuplicateElement {
  Element kind = Element::Population;
  int index = -1;
  std::string name;
};

// [SECTION] Changing an element in place (network_edit.cpp)
// The state of elements as bytes (each one's visit_state, a projection's followed by its
// rule's), by their place in their lists: what an undone change puts back.
struct SavedElements {
  std::vector<std::pair<int, std::vector<std::byte>>> populations;
  std::vector<std::pair<int, std::vector<std::byte>>> projections;
  std::vector<std::pair<int, std::vector<std::byte>>> stimuli;
};

// Population `population` rebuilt from a new scenario entry: another model (any registered
// one), size, parameters or initial values; the name stays (RenameElement renames). It starts
// from the state a build of the edited scenario gives it, and inputs on their way to it are
// dropped. When its size stays, its projections and stimuli keep their synapses, weights and
// state; when it changes, those are rebuilt from their own seeded streams, as a build of the
// edited scenario builds them. A population the scenario's experiment or reward rule names is
// refused. `saved` (an undo's) is loaded into the rebuilt elements: they are then as before.
struct ChangePopulation {
  int population = -1;
  PopulationSpec spec;
  std::shared_ptr<const SavedElements> saved = nullptr;
};

// Projection `projection` rebuilt from a new scenario entry: another connectivity rule,
// weights, delays, receptor or learning rule (plasticity added, removed or replaced); the
// name and the populations stay. When the rebuilt connectivity is the old one synapse for
// synapse, the learned weights stay (clipped into a new rule's bounds); otherwise the
// projection is drawn from its own seeded stream, as a build of the edited scenario draws it.
// The reward rule's projection is refused. `saved` as for ChangePopulation.
struct ChangeProjection {
  int projection = -1;
  ProjectionSpec spec;
  std::shared_ptr<const SavedElements> saved = nullptr;
};

// The last edit taken back, or the last undone edit made again (Session's edit history).
// Only a Session applies them; a Network refuses them.
struct UndoEdit {};
struct RedoEdit {};

using Command = std::variant<SetParam, SetStimulus, SetTraced, SetPlasticityParam, DeliverReward, ResetNetwork, SetInput, AddNeurons,
                             SetProjection, SetParams, AddPopulation, AddProjection, AddStimulus, RemoveElement, RenameElement,
                             DuplicateElement, UndoEdit, RedoEdit, ChangePopulation, ChangeProjection>;

// "population", "projection", "stimulus".
const char* element_name(Element kind);

// A short name of the command's kind ("SetParam", "ResetNetwork", ...), for verdicts and messages.
const char* command_name(const Command& command);

}  // namespace neurosim
