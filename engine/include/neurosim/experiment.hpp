#pragma once
// An experiment: a network, a task and a schedule of epochs. Each epoch trains with learning
// on, then (optionally) evaluates with every plastic projection frozen; the metrics of each phase
// are kept, and the run stops early once an evaluation reaches the chosen accuracy.
//
// Task "pattern" (Masquelier et al. 2008/2009): the input is a pattern population; an output
// spike inside a pattern window (from its onset to onset + pattern length) is a hit for that
// occurrence (the first one gives the latency), any other output spike is a false alarm.
// Per pattern the best output neuron is scored:
//   hit_rate         = occurrences with a hit / occurrences
//   false_alarm_rate = background windows in which the neuron fired / background windows
//   mean_latency_ms  = mean time from onset to the first spike, over hits
//   success          = hit_rate >= 0.98, no false alarm, mean latency < max_latency_ms
// accuracy is the mean over patterns of hit_rate * (1 - false_alarm_rate).
//
// Task "classification" (Diehl & Cook 2015, Front. Comput. Neurosci. 9:99): the input is an
// images population with labels, showing one image per presentation window (present_ms, then
// rest_ms). An output neuron's response to a window is its spike count over the whole window,
// presentation and rest: the rest holds the tail of the response to the image just shown (synaptic
// delays, membrane integration), and counting it drops no spike. Only windows that lie wholly
// inside a phase count (a window cut by a phase boundary is neither learned from nor scored, so
// choose epoch_ms and evaluation_ms as multiples of present_ms + rest_ms).
//   assignment  each output neuron takes the label whose training windows drew its highest mean
//               response, over every training window so far (the lowest such label on a tie; a
//               neuron that never fired in training has none)
//   prediction  per window, the label whose assigned neurons have the highest mean spike count;
//               no spike from an assigned neuron, or a tie between labels, is a wrong answer
//   accuracy    windows predicted correctly / windows scored; per label likewise
// An evaluation phase predicts with the assignments from all training before it. When epochs
// are scored as they train (evaluation_ms = 0), each window is predicted with the assignments
// from the training windows before it and only then learned from, so the first window of each
// label (no neuron assigned to it yet) is always wrong. success: the accuracy reached
// stop_accuracy (never when stop_accuracy is 0).
//
// Energy: synaptic events (SOPs) times the energy model's joules per SOP, against a dense ANN
// that evaluates every synapse of the network once per pattern window (one MAC each).
//
// The final score (final_score()) pools the scored phases (the evaluations, or the training
// epochs when there are none) that lie within the last `final_window_ms` of the run, as if they
// were one phase: Masquelier et al. 2008 judge success over the last 150 s of a 450 s run.
// With final_window_ms = 0 it is the last scored phase.
//
// Growth: the schedule's "grow" entries are submitted (AddNeurons) when their epoch begins.
// When the output population grows (from the schedule or from any other AddNeurons), the new
// neurons are scored from the step they exist on; per-neuron counts are kept neuron-major so
// that phases of different sizes pool.
#include <cstdint>
#include <vector>

#include "neurosim/network.hpp"

namespace neurosim {

enum class ExperimentPhase { Training, Evaluation, Done };

struct PatternScore {
  int pattern = 0;
  int best_neuron = -1;
  std::uint64_t occurrences = 0;
  std::uint64_t hits = 0;
  double hit_rate = 0.0;
  std::uint64_t false_alarms = 0;  // spikes of the best neuron outside pattern windows
  double false_alarm_rate = 0.0;
  double mean_latency_ms = 0.0;
  std::vector<float> latencies_ms;  // one per hit (empty in a pooled score)
  bool success = false;
};

// Classification: the windows of one label and how many were predicted correctly.
struct LabelScore {
  int label = 0;
  std::uint64_t windows = 0;
  std::uint64_t correct = 0;
  double accuracy = 0.0;
  int neurons = 0;  // output neurons assigned to the label when the phase was scored
};

struct PhaseMetrics {
  int epoch = 0;
  ExperimentPhase phase = ExperimentPhase::Training;
  double start_ms = 0.0, end_ms = 0.0;
  std::vector<PatternScore> patterns;  // task pattern
  std::vector<LabelScore> labels;      // task classification: one per label of the image set
  std::uint64_t windows = 0, correct = 0;  // classification: windows scored, predicted correctly
  double accuracy = 0.0;
  bool success = false;  // every pattern learned
  std::uint64_t spikes = 0;
  std::uint64_t synaptic_events = 0;
  double snn_energy_j = 0.0;
  double ann_energy_j = 0.0;
  double energy_ratio = 0.0;  // ANN / SNN
};

class Experiment {
 public:
  // The network must have been built from a scenario with an experiment (check_scenario
  // guarantees the references are valid).
  explicit Experiment(Network& network);

  // One network step with the task's bookkeeping; moves to the next phase when one ends.
  void step();
  bool done() const { return phase_ == ExperimentPhase::Done; }
  ExperimentPhase phase() const { return phase_; }
  int epoch() const { return epoch_; }
  double progress() const;  // 0..1 over the whole schedule
  const std::vector<PhaseMetrics>& history() const { return history_; }
  // The last evaluation (or the last training phase when there is no evaluation).
  const PhaseMetrics* final_metrics() const { return history_.empty() ? nullptr : &history_.back(); }
  // The scored phases of the last final_window_ms pooled into one (see above); epoch and
  // start_ms are those of the first phase pooled. Empty patterns before any phase has ended.
  PhaseMetrics final_score() const;
  // Scores of the phase under way, so far.
  PhaseMetrics current() const;
  const ExperimentSpec& spec() const { return spec_; }
  bool classification() const { return classification_; }
  // Classification: each output neuron's label (-1: none yet), from the training so far.
  const std::vector<int>& assignments() const { return assignments_; }

 private:
  // Raw counts of a phase, from which its scores are computed (and pooled over phases).
  struct Tally {
    std::vector<std::uint64_t> occurrences;            // per pattern
    std::vector<std::uint64_t> hits;                   // neuron x pattern
    std::vector<double> latency_sum_ms;                // neuron x pattern
    std::vector<std::uint64_t> fa_windows, fa_spikes;  // per neuron
    std::uint64_t background_windows = 0;
    std::uint64_t windows = 0;
    std::uint64_t spikes = 0, synaptic_events = 0;
    std::vector<std::uint64_t> label_windows, label_correct;  // classification: per label
    void add(const Tally& other);
  };

  void begin_phase(ExperimentPhase phase);
  void submit_growth();
  void grow_outputs(int outputs);
  void end_phase();
  void set_learning(bool on);
  void close_window(std::int64_t window);
  // Scores from counts; `latencies` (neuron x pattern, may be null) fills latencies_ms.
  void score(const Tally& t, const std::vector<std::vector<float>>* latencies, PhaseMetrics& m) const;
  void score_patterns(const Tally& t, const std::vector<std::vector<float>>* latencies, PhaseMetrics& m) const;
  void score_labels(const Tally& t, PhaseMetrics& m) const;
  void score_energy(const Tally& t, PhaseMetrics& m) const;  // synaptic events and energies
  Tally open_tally() const;
  void step_pattern(std::int64_t s);
  void step_classification(std::int64_t s);
  void finish_image_window();  // classification: the window under way ran to its end
  void update_assignments();
  int predict();               // classification: the label for window_counts_, -1 for none  // the phase under way, its open window counted as far as it has run

  Network& net_;
  ExperimentSpec spec_;
  int input_ = -1, output_ = -1, patterns_ = 0, outputs_ = 0;
  int window_steps_ = 1;
  std::int64_t phase_steps_ = 0, phase_end_ = 0;
  ExperimentPhase phase_ = ExperimentPhase::Training;
  int epoch_ = 0;
  std::vector<PhaseMetrics> history_;
  std::vector<Tally> tallies_;  // one per entry of history_
  // Phase accumulators.
  PhaseMetrics open_;
  Tally tally_;
  std::vector<std::vector<float>> latencies_;  // neuron x pattern
  std::int64_t current_window_ = -1;
  bool window_is_pattern_ = false;
  int window_pattern_ = -1;
  std::vector<char> fired_in_window_, hit_this_onset_;  // per neuron
  std::uint64_t spikes_at_start_ = 0, events_at_start_ = 0;
  std::vector<double> saved_learn_;
  // Classification. Sized at construction (and when the output population grows).
  bool classification_ = false;
  int labels_ = 0;                            // 1 + the highest label of the image set
  std::vector<std::uint32_t> window_counts_;  // per neuron: spikes in the window under way
  std::vector<std::uint64_t> response_sum_;   // neuron x label: spikes over training windows
  std::vector<std::uint64_t> trained_windows_;  // per label: training windows so far
  std::vector<int> assignments_;              // per neuron
  std::vector<double> label_sum_;             // per label: scratch for predict()
  std::vector<int> label_neurons_;            // per label: neurons assigned
  int window_label_ = -1;                     // label of the window under way (-1: not counted)
  std::size_t next_grow_ = 0;  // the first entry of spec_.grow not yet submitted
};

}  // namespace neurosim
