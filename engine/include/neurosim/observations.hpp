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
#include <vector>

#include "neurosim/experiment.hpp"
#include "neurosim/monitors.hpp"
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
  std::string connectivity;               // "fixed_probability p=0.02", "all_to_all", ...
  double total_weight = 0.0;              // sum of |weight| x weight_scale when the facts were made
};

struct StimulusFact {
  std::string name;
  int population = -1;
  std::size_t neurons = 0;                // how many it drives; 0: every neuron of the population
  StimulusParams params;
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
  // The edit history (Session::undo_label): "" when there is nothing to undo or redo.
  std::string undo_label, redo_label;
  // What the editor may add: neuron models and learning rules by name.
  std::vector<std::string> models, rules;
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

  // Appends a later observation of the same reader: events and samples add up, the rest is
  // replaced by the newer values. (A worker thread hands the UI everything since its last frame.)
  void append(Observations&& later);
};

}  // namespace neurosim
