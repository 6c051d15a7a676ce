#pragma once
// A scenario as plain data: what to build and how long to run. The JSON reader (io/) fills it;
// the network builder checks it and builds from it; a running network keeps an updated copy so
// that saving reproduces the run as it is now.
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "neurosim/distribution.hpp"
#include "neurosim/input_spec.hpp"
#include "neurosim/projection.hpp"

namespace neurosim {

// A problem in a scenario, with the path of the field: "populations[1].params.tau_m".
struct SpecError {
  std::string path;
  std::string message;
  std::string text() const { return path.empty() ? message : path + ": " + message; }
};

struct PopulationSpec {
  std::string name;
  std::string model;  // "lif", "if", "izhikevich", "poisson"
  int size = 1;
  std::map<std::string, Distribution> params;  // missing ones take the model's defaults
  std::map<std::string, Distribution> initial;  // initial state per variable, e.g. "V"
  std::optional<InputSpec> input = std::nullopt;  // models "file" and "images": their data (file_source.hpp)
};

struct ConnectivitySpec {
  enum class Rule { AllToAll, OneToOne, FixedProbability, List, FixedIndegree };
  Rule rule = Rule::AllToAll;
  double p = 0.0;                             // FixedProbability
  int indegree = 0;                           // FixedIndegree: synapses onto each post neuron
  bool allow_autapses = false;                // when pre and post are the same population
  bool skip_same_index = false;               // between two populations: no pair i -> i (Diehl &
                                              // Cook's inhibitory neuron i inhibits every
                                              // excitatory neuron but its partner i)
  std::vector<std::pair<int, int>> pairs;     // List
  std::vector<double> pair_weights;           // List: optional, one per pair
};

// Learning on a projection: a rule ("stdp", "rstdp") and its parameters by name; the rest take
// the rule's defaults (plasticity.hpp).
struct PlasticitySpec {
  std::string rule;
  std::map<std::string, double> params;
};

struct ProjectionSpec {
  std::string name;
  std::string pre;
  std::string post;
  ConnectivitySpec connectivity;
  Distribution weight = Distribution::constant(1.0);
  // Rounded to the nearest step (per synapse for a range), at least one step (NEST's and PyNN's
  // minimum). Absent: one step.
  std::optional<Distribution> delay_ms;
  // A delay that rounds to 0 steps delivers in the step the spike was sent, as Brian2's delay 0:
  // the target's V feels it one step later (projection.hpp). Off, such a delay takes one step, as
  // it always did, so scenario files written before keep their meaning.
  bool same_step = false;
  // The delay a build uses: delay_ms, or one step of dt when it is absent.
  Distribution delay_or_step(double dt_ms) const { return delay_ms.value_or(Distribution::constant(dt_ms)); }
  std::optional<Receptor> receptor;  // default: inhibitory if the mean weight is negative
  std::optional<PlasticitySpec> plasticity;  // absent: static weights
  double weight_scale = 1.0;  // a gain on every weight at delivery (projection.hpp), learned ones too
  bool enabled = true;        // false: the projection delivers nothing
};

struct StimulusSpec {
  std::string name;
  std::string population;
  std::vector<int> neurons;  // empty: every neuron
  double amplitude = 0.0;
  double noise_sd = 0.0;
  double start_ms = 0.0;
  double stop_ms = std::numeric_limits<double>::infinity();
  std::optional<InputSpec> input = std::nullopt;  // currents from a file, added per neuron (stimulus.hpp)
};

struct TraceSpec {
  std::string population;
  std::vector<int> neurons;
};

struct MonitorSpec {
  double rate_bin_ms = 1.0;
  double report_interval_ms = 100.0;  // metrics.csv rows
  std::vector<TraceSpec> traces;
  // Populations whose spikes a headless run writes (spikes.csv/.npy/.h5); unset: all of them.
  std::optional<std::vector<std::string>> spikes;
};

// Neurons added to a population while a schedule runs (Network's AddNeurons command): `count`
// neurons join `population` once `after_epoch` epochs have ended, so that new output neurons can
// learn what the others left over while the old ones keep what they learned.
struct GrowSpec {
  int after_epoch = 1;
  std::string population;
  int count = 1;
};

// A training schedule and task on top of the network (experiment.hpp).
struct ExperimentSpec {
  std::string task = "pattern";   // "pattern": find the hidden patterns of a pattern population;
                                  // "classification": name the labels of an images population
  std::string input;              // the pattern (or images) population
  std::string output;             // the population whose spikes are scored
  int epochs = 1;
  double epoch_ms = 1000.0;       // learning on; classification: 0 is one pass over the images
  double evaluation_ms = 0.0;     // after each epoch, learning frozen; 0: score the epoch itself
  double stop_accuracy = 0.0;     // stop early once an evaluation reaches it (0: never)
  double max_latency_ms = 10.0;   // a pattern counts as learned below this mean latency
  double final_window_ms = 0.0;   // the final score pools the scored phases of this last stretch
                                  // of the run (0: the last scored phase alone)
  std::string energy_model = "loihi";
  // Classification as Diehl & Cook 2015 train (each off by default):
  std::string normalise_projection;  // before each training image, scale the weights onto each
                                     // neuron of this projection to sum to normalise_total
  double normalise_total = 78.0;
  int repeat_below_spikes = 0;       // an image that draws fewer output spikes (over the counted
                                     // part of its window) is shown again; 0: never
  double repeat_rate_step_hz = 32.0; // each showing again adds this to the brightest pixel's rate
  int max_repeats = 10;              // at most this many showings again per image
  bool count_rest = true;            // false: only spikes during the presentation count
  bool assign_from_last_epoch = false;  // true: from the second epoch on, the assignments are
                                        // those of the latest epoch's responses (held fixed
                                        // while it runs), not of every training window
  bool label_pass = false;  // true: after the last epoch, one more pass over the training images
                            // with learning and the threshold frozen, whose responses alone make
                            // the assignments the test uses (Diehl & Cook 2015, sec. 2.5: labels
                            // are assigned after training, from a presentation of the training
                            // set with the learning rate at zero and the thresholds fixed)
  // Classification learned by reward (rstdp-digits): labels reach the network only as reward.
  bool tagged_outputs = false;    // output neuron n stands for label n * labels / outputs (equal
                                  // contiguous groups, fixed from the start); the output neuron
                                  // with the earliest first spike decides (ties: more spikes,
                                  // then the lower index)
  double reward = 0.0;            // > 0: at the end of each training window, +reward for a right
                                  // decision and -reward for a wrong one go to the deciding
                                  // neuron's rules (DeliverReward end_window); 0: none
  bool adaptive_reward = false;   // Mozafari et al. 2018's adaptive rates: the reward is scaled by
                                  // the miss rate and the punishment by the hit rate of the
                                  // epoch's training windows so far (1/2 each before the first)
  double reward_decay = 1.0;      // the amount sent in epoch e (from 0) is reward * reward_decay^e:
                                  // rates that shrink from pass to pass, so that late passes refine
                                  // what early ones learned instead of overwriting it
  std::string silent_decision = "none";  // tagged_outputs, when no output neuron fired in the
                                  // counted part of the window: "none" leaves it unanswered;
                                  // "peak_potential" lets the neuron whose membrane potential rose
                                  // highest above its value at the window's start decide (the
                                  // decision layer of Mozafari et al. 2018 has no threshold: the
                                  // highest potential at the end of the input wins)
  std::vector<GrowSpec> grow;     // in schedule order; a running network drops an entry once applied
};

// A reward for reward-modulated STDP, Izhikevich 2007 style (reward_task.hpp): when the chosen
// synapse's presynaptic neuron fires and its postsynaptic neuron fires within window_ms after,
// `amount` of dopamine arrives delay_ms later.
struct RewardSpec {
  std::string projection;  // by name ("pre->post" for an unnamed one); its rule must be rstdp
  int pre = 0, post = 0;   // the chosen synapse's neurons
  double window_ms = 20.0;
  Distribution delay_ms = Distribution::uniform(1000.0, 3000.0);  // a number or a uniform range
  double amount = 0.5;
};

// What an edit of one element names (the editor's commands, timeline entries).
enum class Element { Population, Projection, Stimulus };

// One entry of a lesson timeline, applied by the Session at the start of the step nearest t_ms
// (timeline.hpp). Exactly one kind:
//   Set         the fields `set` names, as `--set PATH=VALUE` would (values as JSON text);
//   Note        a caption shown at that time (the window; headless: timeline_events.csv);
//   AddNeurons  `count` more neurons for `population` (AddNeurons).
//   AddPopulation, AddProjection, AddStimulus  the element in added_* (the editor's commands);
//   Remove      the `target_kind` element named `target` (with its connections if asked);
//   Rename      the `target_kind` element named `target` to `new_name`.
//   ChangePopulation, ChangeProjection  the element with the name of the entry in added_* rebuilt
//               from that entry (another model, size or rule: ChangePopulation, ChangeProjection).
struct TimelineEntry {
  enum class Kind { Set, Note, AddNeurons, AddPopulation, AddProjection, AddStimulus, Remove, Rename, ChangePopulation, ChangeProjection };
  double t_ms = 0.0;
  Kind kind = Kind::Note;
  std::vector<std::pair<std::string, std::string>> set;  // path -> value, in file order
  std::string note;
  std::string population;
  int count = 1;
  std::optional<PopulationSpec> added_population = std::nullopt;
  std::optional<ProjectionSpec> added_projection = std::nullopt;
  std::optional<StimulusSpec> added_stimulus = std::nullopt;
  Element target_kind = Element::Population;
  std::string target;
  std::string new_name;
  bool with_connections = false;
};

struct ScenarioSpec {
  std::string name;
  std::string description;
  double dt_ms = 0.1;
  double duration_ms = 1000.0;
  std::uint64_t seed = 1;
  std::vector<PopulationSpec> populations;
  std::vector<ProjectionSpec> projections;
  std::vector<StimulusSpec> stimuli;
  MonitorSpec monitors;
  std::optional<ExperimentSpec> experiment;
  std::optional<RewardSpec> reward;
  std::vector<TimelineEntry> timeline;  // in file order (equal times keep it)

  int population_index(const std::string& name) const;  // -1 when absent
};

}  // namespace neurosim
