// Experiment::visit_state: everything the schedule has counted, scored and decided so far, for
// checkpoints (checkpoint.hpp). A continued run scores exactly as one that never stopped.
#include "neurosim/experiment.hpp"
#include "neurosim/file_source.hpp"

namespace neurosim {

namespace {

void visit_label(StateVisitor& v, LabelScore& l) {
  v.value(l.label);
  v.value(l.windows);
  v.value(l.correct);
  v.value(l.accuracy);
  v.value(l.neurons);
}

void visit_scores(StateVisitor& v, PhaseMetrics& m) {
  v.value(m.epoch);
  v.value(m.phase);
  v.value(m.start_ms);
  v.value(m.end_ms);
  v.list(m.patterns, [&](PatternScore& p) {
    v.value(p.pattern);
    v.value(p.best_neuron);
    v.value(p.occurrences);
    v.value(p.hits);
    v.value(p.hit_rate);
    v.value(p.false_alarms);
    v.value(p.false_alarm_rate);
    v.value(p.mean_latency_ms);
    v.array(p.latencies_ms);
    v.value(p.success);
  });
  v.list(m.labels, [&](LabelScore& l) { visit_label(v, l); });
  v.value(m.windows);
  v.value(m.correct);
  v.value(m.accuracy);
  v.value(m.success);
  v.value(m.spikes);
  v.value(m.synaptic_events);
  v.value(m.snn_energy_j);
  v.value(m.ann_energy_j);
  v.value(m.energy_ratio);
}

void visit_test(StateVisitor& v, TestResult& t) {
  v.value(t.done);
  v.value(t.labels);
  v.value(t.images);
  v.value(t.correct);
  v.value(t.unanswered);
  v.value(t.accuracy);
  v.array(t.confusion);
  v.list(t.per_label, [&](LabelScore& l) { visit_label(v, l); });
  v.value(t.latency_ms);
  v.value(t.start_ms);
  v.value(t.end_ms);
  v.value(t.spikes);
  v.value(t.synaptic_events);
  v.value(t.snn_energy_j);
  v.value(t.ann_energy_j);
  v.value(t.energy_ratio);
  v.list(t.predictions, [&](TestPrediction& p) {
    v.value(p.index);
    v.value(p.label);
    v.value(p.predicted);
    v.value(p.winner_spikes);
    v.value(p.latency_ms);
    v.value(p.presentations);
  });
}

}  // namespace

void Experiment::visit_state(StateVisitor& v) {
  v.section("experiment");
  // What the task is (fixed by the scenario): checked, not restored.
  int shape[4] = {input_, output_, patterns_, labels_};
  bool task = classification_;
  for (int& s : shape) v.value(s);
  v.value(task);
  if (v.loading() && (shape[0] != input_ || shape[1] != output_ || shape[2] != patterns_ || shape[3] != labels_ || task != classification_))
    throw StateError("the state was saved from another experiment (task, input, output, patterns or labels differ)");

  const auto visit_tally = [&](Tally& t) {
    v.array(t.occurrences);
    v.array(t.hits);
    v.array(t.latency_sum_ms);
    v.array(t.fa_windows);
    v.array(t.fa_spikes);
    v.value(t.background_windows);
    v.value(t.windows);
    v.value(t.spikes);
    v.value(t.synaptic_events);
    v.array(t.label_windows);
    v.array(t.label_correct);
  };
  v.value(outputs_);
  v.value(window_steps_);
  v.value(phase_steps_);
  v.value(phase_end_);
  v.value(phase_);
  v.value(epoch_);
  v.list(history_, [&](PhaseMetrics& m) { visit_scores(v, m); });
  v.list(tallies_, visit_tally);
  v.list(phase_spike_totals_, [&](std::vector<std::uint64_t>& t) { v.array(t); });
  visit_scores(v, open_);
  visit_tally(tally_);
  v.list(latencies_, [&](std::vector<float>& l) { v.array(l); });
  v.value(current_window_);
  v.value(window_is_pattern_);
  v.value(window_pattern_);
  v.array(fired_in_window_);
  v.array(hit_this_onset_);
  v.value(spikes_at_start_);
  v.value(events_at_start_);
  v.array(saved_learn_);
  v.array(window_counts_);
  v.array(response_sum_);
  v.array(trained_windows_);
  v.array(assignments_);
  v.array(label_sum_);
  v.array(label_neurons_);
  v.value(window_label_);
  v.value(next_grow_);
  v.value(normalise_);
  v.value(hold_assignments_);
  v.value(labelling_);
  v.value(present_steps_);
  v.value(window_start_);
  v.value(window_image_);
  v.value(repeats_);
  v.array(first_spike_);
  v.value(window_total_);
  v.value(last_prediction_);
  v.value(last_label_);
  v.value(decider_);
  v.value(decided_silently_);
  v.array(window_v0_);
  v.array(peak_v_);
  visit_test(v, test_);
  v.value(test_latency_count_);
  v.value(test_latency_sum_);
  if (v.loading()) {
    if (next_grow_ > spec_.grow.size()) throw StateError("the state's growth schedule is past this experiment's");
    // In the test phase the input shows the test set, before it the training images (a
    // rewind may go back across the start of the test); the network's state, read next, puts
    // the presentation where it was.
    if (phase_ == ExperimentPhase::Test) {
      if (!test_images_) throw StateError("the state is in the test phase, but no test set was given to continue it");
      net_.show_images(input_, test_images_);
    } else if (classification_ && train_images_ &&
               dynamic_cast<const ImagePopulation&>(net_.population(input_)).images() != train_images_.get()) {
      net_.show_images(input_, train_images_);
    }
  }
}

}  // namespace neurosim
