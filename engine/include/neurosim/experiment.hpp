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
// Diehl & Cook's protocol (ExperimentSpec's classification options, all off by default):
//   normalise_projection  before each training image the weights onto each neuron of that
//                         projection are scaled to sum to normalise_total (78 for 784 inputs),
//                         also before each showing again (Brian2's example normalises once per
//                         image; normalising at every showing learned the shipped digits better
//                         here: 56 % against 43 % for 100 neurons after 500 digits);
//   count_rest = false    only spikes during the presentation count (their code counts no
//                         spike of the 150 ms rest);
//   repeat_below_spikes   a window whose output drew fewer spikes is neither scored nor learned
//                         from: the same image is shown again in the next window with
//                         repeat_rate_step_hz more (at most max_repeats times; the phase grows
//                         by a window each time).
//   label_pass            after the last epoch, one pass over the training images with learning
//                         and the output's threshold frozen (an evaluation phase, scored with
//                         the labels training left), whose responses alone then assign the
//                         labels that the test uses: as Diehl & Cook 2015 (sec. 2.5) label
//                         their neurons after training, with the learning rate at zero and the
//                         thresholds fixed, so that the labels come from the network the test
//                         sees rather than from responses that learning kept changing;
//   assign_from_last_epoch  from the second epoch on, each epoch's own responses make the
//                         assignments at its end (the authors' code assigns labels from the
//                         latest 10,000 training responses); during the epoch the previous
//                         assignments answer.
// epoch_ms = 0 makes an epoch one pass over the image set.
//
// Classification by reward (rstdp-digits; Mozafari et al. 2018, IEEE TNNLS 29:6178):
//   tagged_outputs  the output neurons are tagged with labels in equal contiguous groups (neuron
//                   n has label n * labels / outputs) from the start, instead of being assigned
//                   by response; the neuron with the earliest first spike in the counted part of
//                   the window decides (ties: more spikes, then the lower index)
//   reward          at the end of each training window, +reward (right) or -reward (wrong) is
//                   sent with the deciding neuron to every plastic projection (DeliverReward with
//                   end_window; rule rstdp_first_spike learns from it); no decision sends 0
//   reward_decay    the amount of training epoch e (from 0) is multiplied by reward_decay^e
//   silent_decision "peak_potential": a window in which no output neuron fired is decided by the
//                   neuron whose V rose highest above its value at the window's start (over the
//                   counted part), as Mozafari et al.'s decision layer, which has no threshold,
//                   lets the highest potential at the end of the input win; its decision time
//                   is the end of the counted part. No rise at all (a blank image) decides
//                   nothing. "none" (the default): such a window stays unanswered.
// The labels reach the network through this reward only.
//
// Test (set_test_images): after the last epoch, every image of the test set is presented once
// (re-presentation rule included) with every plastic projection frozen, the output's adaptive
// threshold frozen (lif_cond's theta neither grows nor decays) and the assignments as training
// left them. test_result() then holds the counts, the confusion matrix (true label x predicted
// label, answered images only), per-label accuracy, the mean decision latency (image onset to
// the first spike of a neuron assigned to the predicted label) and the phase's energy, with one
// row per image. Evaluation phases freeze the threshold too.
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
#include <memory>
#include <vector>

#include "neurosim/image_set.hpp"
#include "neurosim/network.hpp"

namespace neurosim {

enum class ExperimentPhase { Training, Evaluation, Test, Done };

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

// The test phase after training (classification with a test set).
struct TestPrediction {
  int index = 0;                 // image in the test set
  int label = 0;
  int predicted = -1;            // -1: no answer (no spike from an assigned neuron, or a tie)
  std::uint32_t winner_spikes = 0;  // spikes of the most active neuron assigned to the answer
  double latency_ms = -1.0;      // onset to the deciding spike; -1 without an answer
  int presentations = 1;         // 1 + the times it was shown again
};

struct TestResult {
  bool done = false;
  int labels = 0;
  std::uint64_t images = 0, correct = 0, unanswered = 0;
  double accuracy = 0.0;                   // correct / images
  std::vector<std::uint64_t> confusion;    // labels x labels, row = true label, answered only
  std::vector<LabelScore> per_label;
  double latency_ms = 0.0;                 // mean over answered images
  double start_ms = 0.0, end_ms = 0.0;
  std::uint64_t spikes = 0, synaptic_events = 0;
  double snn_energy_j = 0.0, ann_energy_j = 0.0, energy_ratio = 0.0;
  std::vector<TestPrediction> predictions;  // one per test image, in order
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
  int epoch() const { return labelling_ ? epoch_ - 1 : epoch_; }  // the labelling pass follows the last epoch
  double progress() const;  // 0..1 over the whole schedule
  const std::vector<PhaseMetrics>& history() const { return history_; }
  // Per entry of history(): each population's spike count since the build when the phase
  // ended (a run continued from a checkpoint has them for the phases before it too).
  const std::vector<std::vector<std::uint64_t>>& phase_spike_totals() const { return phase_spike_totals_; }
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
  // label_pass: the phase under way is the frozen pass over the training images that makes the
  // labels (an evaluation phase in history()).
  bool labelling() const { return labelling_; }
  // Classification: a test set presented after the last epoch (null: no test). Its images
  // must have the training images' size (checked by the caller, as for SetInput).
  void set_test_images(std::shared_ptr<const ImageSet> images);
  const TestResult& test_result() const { return test_; }
  // What the classification views show, for the window under way: the image and its label
  // (-1 outside a counted window), each output neuron's spike count so far, how many times the
  // image has been shown again; and the answer given for the last finished window.
  int current_image() const { return window_image_; }
  int current_label() const { return window_label_; }
  const std::vector<std::uint32_t>& output_counts() const { return window_counts_; }
  int current_repeats() const { return repeats_; }
  int last_prediction() const { return last_prediction_; }
  int last_label() const { return last_label_; }

  // Checkpoints (checkpoint.hpp): the schedule's progress, every count and score so far, the
  // window under way. Restore it before the network: in the test phase it shows the test set
  // again (set_test_images must have been called), and the network's state then follows.
  void visit_state(StateVisitor& v);

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
  void finish_schedule();  // after the last epoch (and the labelling pass): the test, or done
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
  void begin_test();
  void record_test_window(int label, int predicted);
  std::int64_t phase_steps_for(ExperimentPhase phase) const;
  void update_assignments();
  void tag_outputs();          // tagged_outputs: the fixed label of each output neuron
  int decide_first_spike();    // tagged_outputs: the label of the earliest neuron (decider_)
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
  std::vector<std::vector<std::uint64_t>> phase_spike_totals_;  // per entry of history_: see phase_spike_totals()
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
  // Diehl & Cook's protocol and the test phase.
  int normalise_ = -1;          // projection normalised before each training image (-1: none)
  bool hold_assignments_ = false;  // assign_from_last_epoch: assignments fixed until the epoch ends
  bool labelling_ = false;      // label_pass: the evaluation phase under way is the labelling pass
  int present_steps_ = 1;       // counted part of a window (all of it with count_rest)
  std::int64_t window_start_ = 0;
  int window_image_ = -1;
  int repeats_ = 0;             // times the image under way has been shown again
  std::vector<std::int32_t> first_spike_;  // per neuron: step in the window of its first spike, -1
  std::uint32_t window_total_ = 0;         // output spikes counted in the window under way
  int last_prediction_ = -1, last_label_ = -1;
  int decider_ = -1;            // tagged_outputs: the neuron that decided the last window
  bool decided_silently_ = false;  // ... by silent_decision, without a spike
  bool peak_decides_ = false;      // silent_decision is "peak_potential"
  std::vector<float> window_v0_, peak_v_;  // per neuron: V at the window's start, highest V since
  std::shared_ptr<const ImageSet> test_images_;
  std::shared_ptr<const ImageSet> train_images_;  // shown again when a checkpoint goes back before the test
  TestResult test_;
  std::uint64_t test_latency_count_ = 0;
  double test_latency_sum_ = 0.0;
};

}  // namespace neurosim
