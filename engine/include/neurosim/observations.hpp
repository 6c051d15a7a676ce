#pragma once
// What a viewer sees of a running Session (session.hpp), as plain values: no pointer into the
// engine, so an Observations may cross threads, be kept, merged with a later one, or come from a
// second Session drawn beside the first.
//
// Two channels, as the engine reports them:
//   events   spikes (each one once per reader, with a count of those a slow reader missed) and
//            command verdicts (each one once per reader);
//   samples  traces and rates since the reader's last look, parameters and scenario facts
//            (the latest wins: `facts` is shared and replaced only when its version changes).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "neurosim/experiment.hpp"
#include "neurosim/image_set.hpp"
#include "neurosim/monitors.hpp"
#include "neurosim/spec.hpp"
#include "neurosim/stimulus.hpp"

namespace neurosim {

// One parameter of a neuron model or a learning rule, as applied.
struct ParamFact {
  std::string name;
  std::string unit;
  std::string help;
  double value = 0.0;
  double slider_min = 0.0, slider_max = 1.0;
  // The value the scenario gave it (as loaded; for an element added later, as added): what a
  // slider's right-click puts back.
  double scenario_value = 0.0;
};

struct PopulationFact {
  std::string name;
  std::string model;
  int size = 0;
  bool source = false;                    // a spike source: no state to trace
  std::vector<std::string> state_names;   // the variables a trace records, in order
  std::vector<std::string> state_units;   // and their units
  std::vector<ParamFact> params;
  // A pattern source (PatternPopulation): its hidden patterns, their window, and the afferents
  // of the first pattern (patterns 0: not a pattern source).
  int patterns = 0;
  std::int64_t pattern_window_steps = 0;
  std::vector<int> first_pattern_afferents;
  // An images population (ImagePopulation): the set it shows (shared, never copied).
  std::shared_ptr<const ImageSet> images;
};

// The scenario's reward rule (reward_task.hpp, Izhikevich 2007's distal reward), as built.
struct RewardFact {
  int projection = 0;  // the projection holding the rewarded synapse
  int pre = 0, post = 0;
  std::int64_t window_steps = 1;
  std::int64_t delay_min_steps = 0, delay_max_steps = 0;
  double amount = 0.0;
};

struct ProjectionFact {
  std::string name;
  int pre = -1, post = -1;
  int pre_size = 0, post_size = 0;        // neurons of the two populations
  std::uint64_t synapses = 0;
  std::string rule;                       // "" for static weights, else the rule's description
  std::string rule_id;                    // Plasticity::rule(): "stdp", "rstdp", ...; "" when static
  std::vector<ParamFact> rule_params;
  double weight_scale = 1.0;              // SetProjection's live controls
  bool enabled = true;
  bool inhibitory = false;                // feeds the target's inhibitory input
  double delay_ms = 0.0;                  // the scenario's delay (the mean of a range)
  bool same_step = false;                 // the scenario's same_step: a 0-step delay delivers within the step
  int delay_min_steps = 1, delay_max_steps = 1;  // the delays in steps of dt, as the projection delivers them
  std::string connectivity;               // "fixed_probability p=0.02", "all_to_all", ...
  double total_weight = 0.0;              // sum of |weight| x weight_scale when the facts were made
};

struct StimulusFact {
  std::string name;
  int population = -1;
  std::size_t neurons = 0;                // how many it drives; 0: every neuron of the population
  StimulusParams params;
  std::vector<int> targets;               // the neurons it drives; empty: every neuron
  bool input = false;                     // driven by a data series (StimulusSpec::input)
};

// A note of the scenario's timeline: a caption for the window from t_ms on (timeline.hpp).
struct TimelineNote {
  double t_ms = 0.0;
  std::string text;
};

// The scenario as it now stands, with the applied parameters. `version` changes whenever a
// command was applied (parameters, inputs, structure) or the network was reset.
struct ScenarioFacts {
  std::uint64_t version = 0;
  std::uint64_t structure_version = 0;    // Network::structure_version(): sizes changed
  std::string name;
  std::string description;
  double dt_ms = 0.1;
  std::uint64_t seed = 0;
  std::vector<PopulationFact> populations;
  std::vector<ProjectionFact> projections;
  std::vector<StimulusFact> stimuli;
  std::vector<TimelineNote> notes;        // the timeline's notes, in timeline order
  std::optional<RewardFact> reward;       // the reward rule, when the scenario has one
  // The scenario as it now stands (every applied change in it), for a viewer that rebuilds or
  // saves it (the cell-type picker's change of model, a stimulus added for a current step).
  ScenarioSpec spec;
  // The edit history (Session::undo_label): "" when there is nothing to undo or redo.
  std::string undo_label, redo_label;
  // What the editor may add: neuron models and learning rules by name.
  std::vector<std::string> models, rules;
};

// [SECTION] What a reader asks for beyond the stream
// Copied while the stepping thread holds the Session, so a reader names only what it shows now.
struct ObserveWants {
  // The model state of one neuron (NeuronState); population -1: none.
  int neuron_population = -1;
  int neuron = -1;
  // Projections whose weights to copy (WeightSnapshot). A projection's weights are copied only
  // when they changed since this reader's last copy of them.
  std::vector<int> weights;
  // The summed weight of every projection (its sign says excitatory or inhibitory).
  bool weight_sums = false;
  // The experiment's phase history and running score (ExperimentRecord).
  bool experiment_record = false;
  // Single synapses' weights: (projection, synapse index into its weights), in order.
  std::vector<std::pair<int, std::int64_t>> synapses;
  // A classification experiment's image on show, votes and test (ClassificationSeen).
  bool classification = false;
  // The image each images population shows now (Observations::images_shown).
  bool images_shown = false;
  // R-STDP's readouts of one projection (LearningReadout); -1: none. `eligibility` adds the
  // statistics of the eligibility traces (a pass over every synapse).
  int learning_projection = -1;
  bool eligibility = false;

  bool empty() const {
    return neuron_population < 0 && weights.empty() && !weight_sums && !experiment_record && synapses.empty() && learning_projection < 0 &&
           !classification && !images_shown;
  }
};

// The state of one neuron at `step`, and what its incoming plastic synapses weigh.
struct NeuronState {
  int population = -1, neuron = -1;
  std::int64_t step = 0;
  std::vector<float> values;     // one per state variable, in PopulationFact::state_names order
  std::size_t plastic_inputs = 0;  // plastic synapses onto it (0: the weight figures are unset)
  float weight_mean = 0, weight_min = 0, weight_max = 0;
};

// The connectivity of a projection (CSR rows by presynaptic neuron), shared between the
// snapshots of one structure: sizes change only when the network grows.
struct WeightStructure {
  int pre_size = 0, post_size = 0;
  std::vector<std::int64_t> row_ptr;  // pre_size + 1
  std::vector<std::int32_t> col;      // per synapse: the postsynaptic neuron
  // Per postsynaptic neuron, its synapses (indices into the weights): the incoming view.
  std::vector<std::int64_t> col_ptr;       // post_size + 1
  std::vector<std::int64_t> by_post;
};

// The weights of one projection at `step`, indexed like WeightStructure::col.
struct WeightSnapshot {
  int projection = -1;
  std::int64_t step = 0;
  std::uint64_t version = 0;  // WeightVersion of the copy (changes when the weights may have)
  std::shared_ptr<const WeightStructure> structure;
  std::vector<float> weights;

  // The pre x post matrix averaged into rows x cols blocks (absent synapses count as 0), row-major,
  // and the smallest and largest weight present: Projection::block_average on the copy.
  void block_average(int rows, int cols, std::vector<float>& out, float& w_min, float& w_max) const;
};

// R-STDP's state of one projection and the reward rule's counts.
struct LearningReadout {
  int projection = -1;
  bool rstdp = false;        // the projection learns by R-STDP (else only `projection` is set)
  double dopamine = 0.0;
  bool has_eligibility = false;  // asked for: the statistics below are set
  double eligibility_mean = 0.0, eligibility_max = 0.0;  // of |c| over the synapses
  std::uint64_t earned = 0, delivered = 0;               // the reward rule's, when there is one
  std::vector<std::int64_t> delivered_steps;             // its deliveries of the last 6 s of simulated time
};

// A classification experiment now: the image on show, the output's votes, the test so far.
struct ClassificationSeen {
  std::shared_ptr<const ImageSet> images;  // the input population's image set (shared, never copied)
  int image = -1;                          // on show: the input's, else the experiment's window's
  int label = -1;                          // Experiment::current_label()
  std::vector<std::uint32_t> counts;       // output spike counts in the window so far
  std::vector<int> assignments;            // each output neuron's label (-1: none yet)
  int last_label = -1, last_prediction = -1;
  std::shared_ptr<const TestResult> test;  // copied again only when it changed
  std::uint64_t synaptic_events = 0;       // Network::synaptic_events() now
};

// What the experiment has done so far: the ended phases and the running one's score.
struct ExperimentRecord {
  ExperimentSpec spec;
  bool classification = false;
  std::vector<PhaseMetrics> history;  // ended phases, in order
  PhaseMetrics current;               // the phase under way, so far
  PhaseMetrics final_score;           // Experiment::final_score()
  std::uint64_t synaptic_events = 0;  // Network::synaptic_events() at this observation
};

// The outcome of one submitted command: applied, or rejected with the reason. Commands the
// experiment's schedule queues itself (id 0) are reported when they fail.
struct CommandVerdict {
  std::uint64_t id = 0;
  std::string command;  // command_name(): "SetParam", ...
  bool applied = false;
  std::string reason;   // empty when applied
  std::int64_t step = 0;  // the step before which it was applied or refused
};

// New samples of one traced neuron: `variables` floats per sample, from first_step on, one
// sample per step.
struct TraceSamples {
  int population = -1, neuron = -1, variables = 0;
  std::int64_t first_step = 0;
  std::vector<float> samples;
  std::uint64_t lost = 0;  // samples the ring overwrote before this reader looked
};

// New closed rate bins: bins x populations, in Hz; bin `first_bin` is the first one here.
struct RateSamples {
  double bin_ms = 1.0;
  int populations = 0;
  std::uint64_t first_bin = 0;
  std::vector<float> hz;
  std::uint64_t lost = 0;
};

// A window in which a pattern source replayed its hidden pattern (PatternPopulation), reported
// once per reader as it is scheduled, for the bands drawn over the raster.
struct PatternOnsetSeen {
  int population = -1;
  int pattern = 0;
  std::int64_t step = 0;         // the window's first step
  std::int64_t window_steps = 1;
};

struct ExperimentProgress {
  bool present = false;   // the scenario has an experiment
  bool done = false;
  ExperimentPhase phase = ExperimentPhase::Training;
  int epoch = 0, epochs = 0;
  double progress = 0.0;  // 0..1 over the schedule
  std::size_t phases_done = 0;
  std::uint64_t generation = 0;  // bumped when a phase ends or the schedule restarts
};

struct Observations {
  std::int64_t step = 0;  // steps taken so far; time is step * dt
  double t_ms = 0.0;
  std::vector<SpikeEvent> spikes;  // since this reader's last look, in order
  std::uint64_t spikes_lost = 0;   // overwritten in the ring before this reader looked
  std::vector<TraceSamples> traces;
  RateSamples rates;
  std::vector<CommandVerdict> verdicts;
  std::vector<PatternOnsetSeen> pattern_onsets;  // since this reader's last look, per source in step order
  ExperimentProgress experiment;
  std::shared_ptr<const ScenarioFacts> facts;
  // The session went back to a saved state (a rewind) since this reader's last look: the
  // spikes, samples and onsets here are all the restored recorders hold, and replace what was
  // seen before.
  bool restarted = false;
  // What the reader asked for (ObserveWants), when it asked; the latest wins.
  std::optional<NeuronState> neuron;
  std::vector<WeightSnapshot> weights;          // only the projections whose weights changed
  std::optional<std::vector<double>> weight_sums;  // per projection
  std::shared_ptr<const ExperimentRecord> experiment_record;
  std::vector<float> synapse_weights;  // ObserveWants::synapses, in order (NaN: no such synapse)
  std::optional<LearningReadout> learning;
  std::optional<ClassificationSeen> classification;
  std::vector<std::pair<int, int>> images_shown;  // (images population, image on show), when asked

  // Appends a later observation of the same reader: events and samples add up, the rest is
  // replaced by the newer values. (A worker thread hands the UI everything since its last frame.)
  void append(Observations&& later);
};

}  // namespace neurosim
