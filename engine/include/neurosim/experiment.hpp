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

struct PhaseMetrics {
  int epoch = 0;
  ExperimentPhase phase = ExperimentPhase::Training;
  double start_ms = 0.0, end_ms = 0.0;
  std::vector<PatternScore> patterns;
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
  Tally open_tally() const;  // the phase under way, its open window counted as far as it has run

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
  std::size_t next_grow_ = 0;  // the first entry of spec_.grow not yet submitted
};

}  // namespace neurosim
