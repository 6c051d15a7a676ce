#include "neurosim/experiment.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "neurosim/energy.hpp"
#include "neurosim/file_source.hpp"
#include "neurosim/pattern_source.hpp"

namespace neurosim {

namespace {
template <class T>
void add_into(std::vector<T>& into, const std::vector<T>& from) {
  if (into.size() < from.size()) into.resize(from.size(), T{});
  for (std::size_t i = 0; i < from.size(); ++i) into[i] += from[i];
}
}  // namespace

void Experiment::Tally::add(const Tally& other) {
  add_into(occurrences, other.occurrences);
  add_into(hits, other.hits);
  add_into(latency_sum_ms, other.latency_sum_ms);
  add_into(fa_windows, other.fa_windows);
  add_into(fa_spikes, other.fa_spikes);
  background_windows += other.background_windows;
  windows += other.windows;
  spikes += other.spikes;
  synaptic_events += other.synaptic_events;
  add_into(label_windows, other.label_windows);
  add_into(label_correct, other.label_correct);
}

Experiment::Experiment(Network& network) : net_(network), spec_(*network.spec().experiment) {
  input_ = network.spec().population_index(spec_.input);
  output_ = network.spec().population_index(spec_.output);
  outputs_ = network.population(output_).size();
  classification_ = spec_.task == "classification";
  if (classification_) {
    const auto& source = dynamic_cast<const ImagePopulation&>(network.population(input_));
    train_images_ = source.shared_images();
    int highest = -1;
    if (const ImageSet* set = source.images())
      for (const std::uint8_t l : set->labels) highest = std::max(highest, static_cast<int>(l));
    labels_ = highest + 1;
    window_steps_ = source.window_steps();
    const auto labels = static_cast<std::size_t>(labels_), n = static_cast<std::size_t>(outputs_);
    trained_windows_.assign(labels, 0);
    label_sum_.assign(labels, 0.0);
    label_neurons_.assign(labels, 0);
    response_sum_.assign(n * labels, 0);
    assignments_.assign(n, -1);
    window_counts_.assign(n, 0);
    first_spike_.assign(n, -1);
    present_steps_ = spec_.count_rest ? window_steps_ : source.present_steps();
    if (spec_.tagged_outputs) tag_outputs();
    peak_decides_ = spec_.tagged_outputs && spec_.silent_decision == "peak_potential";
    if (peak_decides_) {
      window_v0_.assign(n, 0.0f);
      peak_v_.assign(n, 0.0f);
    }
    for (int j = 0; j < network.projection_count(); ++j)
      if (!spec_.normalise_projection.empty() && network.projection(j).name() == spec_.normalise_projection) normalise_ = j;
  } else {
    const auto& source = dynamic_cast<const PatternPopulation&>(network.population(input_));
    patterns_ = static_cast<int>(source.param("patterns"));
    window_steps_ = source.window_steps();
  }
  begin_phase(ExperimentPhase::Training);
  submit_growth();
}

void Experiment::submit_growth() {
  // Entries of the schedule whose epoch has come; the network applies them before its next step.
  while (next_grow_ < spec_.grow.size() && spec_.grow[next_grow_].after_epoch <= epoch_) {
    const GrowSpec& g = spec_.grow[next_grow_++];
    net_.submit(AddNeurons{net_.spec().population_index(g.population), g.count, true});
  }
}

void Experiment::grow_outputs(int outputs) {
  // Counts are neuron-major (neuron x pattern), so the new neurons' counts go at the end and
  // the old ones stay where they are; the new neurons start this phase with nothing counted.
  outputs_ = outputs;
  const auto n = static_cast<std::size_t>(outputs);
  const std::size_t cells = n * static_cast<std::size_t>(patterns_);
  tally_.hits.resize(cells, 0);
  tally_.latency_sum_ms.resize(cells, 0.0);
  tally_.fa_windows.resize(n, 0);
  tally_.fa_spikes.resize(n, 0);
  latencies_.resize(cells);
  fired_in_window_.resize(n, 0);
  hit_this_onset_.resize(n, 0);
  // Classification: the new neurons have no training responses and no label yet.
  response_sum_.resize(n * static_cast<std::size_t>(labels_), 0);
  assignments_.resize(n, -1);
  if (spec_.tagged_outputs) tag_outputs();
  window_counts_.resize(n, 0);
  first_spike_.resize(n, -1);
  if (peak_decides_) {
    // A neuron new within a window starts it where it is.
    const float* v = net_.population(output_).state(0);
    for (std::size_t i = window_v0_.size(); i < n; ++i) {
      window_v0_.push_back(v[i]);
      peak_v_.push_back(v[i]);
    }
  }
}

void Experiment::set_test_images(std::shared_ptr<const ImageSet> images) {
  test_images_ = std::move(images);
  test_ = TestResult{};
  if (!test_images_ || !classification_) return;
  int highest = labels_ - 1;
  for (const std::uint8_t l : test_images_->labels) highest = std::max(highest, static_cast<int>(l));
  if (highest + 1 == labels_) return;
  // Labels that only the test set has: every per-label table grows (neuron-major, so each
  // neuron's row is copied to its new place).
  const auto old_labels = static_cast<std::size_t>(labels_), labels = static_cast<std::size_t>(highest + 1);
  std::vector<std::uint64_t> sums(assignments_.size() * labels, 0);
  for (std::size_t n = 0; n < assignments_.size(); ++n)
    for (std::size_t l = 0; l < old_labels; ++l) sums[n * labels + l] = response_sum_[n * old_labels + l];
  response_sum_ = std::move(sums);
  labels_ = highest + 1;
  trained_windows_.resize(labels, 0);
  label_sum_.resize(labels, 0.0);
  label_neurons_.resize(labels, 0);
  tally_.label_windows.resize(labels, 0);
  tally_.label_correct.resize(labels, 0);
}

std::int64_t Experiment::phase_steps_for(ExperimentPhase phase) const {
  const auto steps = [&](double ms) { return std::max<std::int64_t>(1, std::llround(ms / net_.dt())); };
  const auto pass = [&](const ImageSet* set) {
    return std::max<std::int64_t>(1, static_cast<std::int64_t>(set ? set->count : 1) * window_steps_);
  };
  switch (phase) {
    case ExperimentPhase::Training:
      if (classification_ && spec_.epoch_ms == 0.0) return pass(dynamic_cast<const ImagePopulation&>(net_.population(input_)).images());
      return steps(spec_.epoch_ms);
    case ExperimentPhase::Evaluation:
      if (labelling_) return pass(train_images_.get());
      return steps(spec_.evaluation_ms);
    case ExperimentPhase::Test: return pass(test_images_.get());
    case ExperimentPhase::Done: break;
  }
  return 1;
}

double Experiment::progress() const {
  if (done()) return 1.0;
  const double within_phase = static_cast<double>(phase_steps_ - (phase_end_ - net_.step_index()));
  if (phase_ == ExperimentPhase::Test || labelling_) return std::clamp(within_phase / static_cast<double>(std::max<std::int64_t>(phase_steps_, 1)), 0.0, 1.0);
  const double train_steps = static_cast<double>(phase_steps_for(ExperimentPhase::Training));
  const double eval_steps = spec_.evaluation_ms > 0.0 ? static_cast<double>(phase_steps_for(ExperimentPhase::Evaluation)) : 0.0;
  const double epoch_steps = train_steps + eval_steps;
  const double before = phase_ == ExperimentPhase::Evaluation ? train_steps : 0.0;
  const double within = static_cast<double>(phase_steps_ - (phase_end_ - net_.step_index()));
  return std::clamp((epoch_ * epoch_steps + before + within) / (spec_.epochs * epoch_steps), 0.0, 1.0);
}

void Experiment::set_learning(bool on) {
  // Freezing remembers each rule's own setting, so that thawing restores it rather than
  // switching on a projection the scenario keeps frozen.
  if (on) {
    for (std::size_t j = 0; j < saved_learn_.size(); ++j)
      if (net_.plasticity(static_cast<int>(j))) net_.submit(SetPlasticityParam{static_cast<int>(j), "learn", saved_learn_[j]});
    saved_learn_.clear();
    return;
  }
  if (!saved_learn_.empty()) return;  // already frozen: keep what was saved
  saved_learn_.assign(static_cast<std::size_t>(net_.projection_count()), 0.0);
  for (int j = 0; j < net_.projection_count(); ++j) {
    const Plasticity* rule = net_.plasticity(j);
    if (!rule) continue;
    saved_learn_[static_cast<std::size_t>(j)] = rule->param("learn");
    net_.submit(SetPlasticityParam{j, "learn", 0.0});
  }
}

void Experiment::begin_phase(ExperimentPhase phase) {
  phase_ = phase;
  phase_steps_ = phase_steps_for(phase);
  phase_end_ = net_.step_index() + phase_steps_;
  set_learning(phase == ExperimentPhase::Training);
  // Homeostasis is part of learning: a frozen phase keeps the output's thresholds as they are.
  net_.freeze_adaptation(output_, phase != ExperimentPhase::Training);
  open_ = PhaseMetrics{};
  open_.epoch = epoch_;
  open_.phase = phase;
  open_.start_ms = net_.time_ms();
  const auto cells = static_cast<std::size_t>(patterns_) * static_cast<std::size_t>(outputs_);
  tally_ = Tally{};
  tally_.occurrences.assign(static_cast<std::size_t>(patterns_), 0);
  tally_.hits.assign(cells, 0);
  tally_.latency_sum_ms.assign(cells, 0.0);
  tally_.fa_windows.assign(static_cast<std::size_t>(outputs_), 0);
  tally_.fa_spikes.assign(static_cast<std::size_t>(outputs_), 0);
  latencies_.assign(cells, {});
  fired_in_window_.assign(static_cast<std::size_t>(outputs_), 0);
  hit_this_onset_.assign(static_cast<std::size_t>(outputs_), 0);
  tally_.label_windows.assign(static_cast<std::size_t>(labels_), 0);
  tally_.label_correct.assign(static_cast<std::size_t>(labels_), 0);
  std::fill(window_counts_.begin(), window_counts_.end(), 0u);
  std::fill(first_spike_.begin(), first_spike_.end(), -1);
  window_total_ = 0;
  window_label_ = -1;
  window_image_ = -1;
  repeats_ = 0;
  current_window_ = -1;
  // Assignments from the latest epoch: its responses start anew; the assignments of the epoch
  // before answer while it runs (so its accuracy is measured on windows they have not seen).
  hold_assignments_ = classification_ && spec_.assign_from_last_epoch && phase == ExperimentPhase::Training && epoch_ > 0;
  if (hold_assignments_) {
    std::fill(response_sum_.begin(), response_sum_.end(), 0);
    std::fill(trained_windows_.begin(), trained_windows_.end(), 0);
  }
  window_is_pattern_ = false;
  window_pattern_ = -1;
  std::uint64_t spikes = 0;
  for (int p = 0; p < net_.population_count(); ++p) spikes += net_.total_spikes(p);
  spikes_at_start_ = spikes;
  events_at_start_ = net_.synaptic_events();
}

void Experiment::close_window(std::int64_t window) {
  if (window < 0) return;
  ++tally_.windows;
  if (window_is_pattern_ || window_pattern_ == -2) return;  // -2: a pattern that began in the last phase
  ++tally_.background_windows;
  for (std::size_t n = 0; n < fired_in_window_.size(); ++n) tally_.fa_windows[n] += fired_in_window_[n];
}

void Experiment::step() {
  if (done()) return;
  if (normalise_ >= 0 && phase_ == ExperimentPhase::Training) {
    // Before each training image (Diehl & Cook normalise before every presentation).
    const auto& source = dynamic_cast<const ImagePopulation&>(net_.population(input_));
    const std::int64_t s = net_.step_index();
    const std::int64_t window = source.window_at(s);
    if (window >= 0 && (s == 0 || source.window_at(s - 1) != window))
      net_.normalise_incoming(normalise_, static_cast<float>(spec_.normalise_total));
  }
  net_.step();
  if (const int outputs = net_.population(output_).size(); outputs != outputs_) grow_outputs(outputs);
  const std::int64_t s = net_.step_index() - 1;
  if (classification_) step_classification(s);
  else step_pattern(s);
  if (net_.step_index() >= phase_end_) end_phase();
}

void Experiment::step_classification(std::int64_t s) {
  const auto& source = dynamic_cast<const ImagePopulation&>(net_.population(input_));
  const std::int64_t window = source.window_at(s);
  if (window != current_window_) {
    current_window_ = window;
    std::fill(window_counts_.begin(), window_counts_.end(), 0u);
    std::fill(first_spike_.begin(), first_spike_.end(), -1);
    window_total_ = 0;
    window_label_ = -1;
    window_image_ = -1;
    window_start_ = s;
    // Only a window that begins in this phase counts: the rest of one cut by the phase boundary
    // holds an unknown part of the response.
    if (window >= 0 && (s == 0 || source.window_at(s - 1) != window)) {
      const ImageSet* set = source.images();
      const int image = source.image_at(s);
      if (set && image >= 0 && static_cast<std::size_t>(image) < set->labels.size() && set->labels[static_cast<std::size_t>(image)] < labels_) {
        window_label_ = set->labels[static_cast<std::size_t>(image)];
        window_image_ = image;
      }
    }
  }
  if (window_label_ < 0) return;
  const auto local = static_cast<std::int32_t>(s - window_start_);
  if (peak_decides_ && local < present_steps_) {
    // V after this step (state 0 is every neuron model's membrane potential); the window's
    // first step also gives its start, the value before any of its input arrived.
    const float* v = net_.population(output_).state(0);
    const std::size_t n = peak_v_.size();
    if (local == 0) {
      std::copy(v, v + n, window_v0_.begin());
      std::copy(v, v + n, peak_v_.begin());
    }
    for (std::size_t i = 0; i < n; ++i) peak_v_[i] = std::max(peak_v_[i], v[i]);
  }
  if (local < present_steps_) {
    for (const int n : net_.last_spikes(output_)) {
      const auto sn = static_cast<std::size_t>(n);
      ++window_counts_[sn];
      if (first_spike_[sn] < 0) first_spike_[sn] = local;
    }
    window_total_ += static_cast<std::uint32_t>(net_.last_spikes(output_).size());
  }
  // The window's last step: score it (or show the image again) before the next one begins.
  if (source.window_at(s + 1) != window) finish_image_window();
}

void Experiment::finish_image_window() {
  const int label = window_label_;
  if (label < 0) return;
  window_label_ = -1;
  if (spec_.repeat_below_spikes > 0 && window_total_ < static_cast<std::uint32_t>(spec_.repeat_below_spikes) && repeats_ < spec_.max_repeats) {
    // Too quiet to tell: neither scored nor learned from; the same image comes again, brighter,
    // in the next window, and the phase grows by that window.
    ++repeats_;
    net_.repeat_image(input_, spec_.repeat_rate_step_hz);
    phase_end_ += window_steps_;
    phase_steps_ += window_steps_;
    return;
  }
  ++tally_.windows;
  const auto sl = static_cast<std::size_t>(label);
  // Predict before learning from the window, so that a phase scored as it trains is scored on
  // windows its assignments have not yet seen.
  if (phase_ != ExperimentPhase::Training || spec_.evaluation_ms <= 0.0) {
    ++tally_.label_windows[sl];
    const int predicted = predict();
    if (predicted == label) ++tally_.label_correct[sl];
    last_prediction_ = predicted;
    last_label_ = label;
    if (phase_ == ExperimentPhase::Test) record_test_window(label, predicted);
  }
  if (phase_ == ExperimentPhase::Training || labelling_) {
    const auto labels = static_cast<std::size_t>(labels_);
    for (std::size_t n = 0; n < window_counts_.size(); ++n) response_sum_[n * labels + sl] += window_counts_[n];
    ++trained_windows_[sl];
    if (!hold_assignments_ && !labelling_ && !spec_.tagged_outputs) update_assignments();
  }
  if (spec_.reward > 0.0) {
    // Labels reach the network only here, as reward for the decision just made; frozen phases
    // close the window with nothing, so that per-window rules start the next one afresh.
    double amount = 0.0;
    const int decision = predict();  // also names the deciding neuron (decider_)
    if (phase_ == ExperimentPhase::Training && decision >= 0) {
      double hit_rate = 0.5;
      if (spec_.adaptive_reward) {
        // The running score of this epoch, this window included (scored as it trains).
        std::uint64_t windows = 0, correct = 0;
        for (std::size_t l = 0; l < tally_.label_windows.size(); ++l) {
          windows += tally_.label_windows[l];
          correct += tally_.label_correct[l];
        }
        if (windows > 0) hit_rate = static_cast<double>(correct) / static_cast<double>(windows);
      }
      const double scale = spec_.adaptive_reward ? (decision == label ? 1.0 - hit_rate : hit_rate) : 1.0;
      amount = (decision == label ? spec_.reward : -spec_.reward) * scale * std::pow(spec_.reward_decay, epoch_);
    }
    net_.submit(DeliverReward{amount, decider_, true, decided_silently_});
  }
  repeats_ = 0;
}

void Experiment::record_test_window(int label, int predicted) {
  TestPrediction row;
  row.index = window_image_;
  row.label = label;
  row.predicted = predicted;
  row.presentations = 1 + repeats_;
  ++test_.images;
  if (predicted < 0) {
    ++test_.unanswered;
  } else {
    if (predicted == label) ++test_.correct;
    ++test_.confusion[static_cast<std::size_t>(label) * static_cast<std::size_t>(test_.labels) + static_cast<std::size_t>(predicted)];
    // The deciding spike: the first from a neuron assigned to the answer.
    std::int32_t first = -1;
    for (std::size_t n = 0; n < assignments_.size(); ++n) {
      if (assignments_[n] != predicted) continue;
      row.winner_spikes = std::max(row.winner_spikes, window_counts_[n]);
      if (first_spike_[n] >= 0 && (first < 0 || first_spike_[n] < first)) first = first_spike_[n];
    }
    if (first < 0 && decided_silently_) first = present_steps_ - 1;  // decided when the counted part ended
    if (first >= 0) {
      row.latency_ms = static_cast<double>(first) * net_.dt();
      test_latency_sum_ += row.latency_ms;
      ++test_latency_count_;
    }
  }
  test_.predictions.push_back(row);
}

void Experiment::begin_test() {
  const std::int64_t now = net_.step_index();
  net_.show_images(input_, test_images_);
  begin_phase(ExperimentPhase::Test);
  // The set starts at the next window boundary: the phase starts there too.
  const auto& source = dynamic_cast<const ImagePopulation&>(net_.population(input_));
  const std::int64_t gap = source.set_start() - now;
  phase_end_ += gap;
  phase_steps_ += gap;
  test_ = TestResult{};
  test_.labels = labels_;
  test_.confusion.assign(static_cast<std::size_t>(labels_) * static_cast<std::size_t>(labels_), 0);
  test_.start_ms = net_.time_ms();
  test_.predictions.reserve(static_cast<std::size_t>(test_images_->count));
  test_latency_sum_ = 0.0;
  test_latency_count_ = 0;
}

void Experiment::update_assignments() {
  const auto labels = static_cast<std::size_t>(labels_);
  for (std::size_t n = 0; n < assignments_.size(); ++n) {
    int best = -1;
    double best_mean = 0.0;  // a neuron that never fired keeps no label
    for (std::size_t l = 0; l < labels; ++l) {
      if (trained_windows_[l] == 0) continue;
      // Equal ratios divide to equal doubles (division is correctly rounded), so ties are exact.
      const double mean = static_cast<double>(response_sum_[n * labels + l]) / static_cast<double>(trained_windows_[l]);
      if (mean > best_mean) {
        best_mean = mean;
        best = static_cast<int>(l);
      }
    }
    assignments_[n] = best;
  }
}

void Experiment::tag_outputs() {
  const auto n = static_cast<std::int64_t>(assignments_.size());
  for (std::int64_t i = 0; i < n; ++i) assignments_[static_cast<std::size_t>(i)] = static_cast<int>(i * labels_ / n);
}

int Experiment::decide_first_spike() {
  decider_ = -1;
  decided_silently_ = false;
  for (std::size_t n = 0; n < first_spike_.size(); ++n) {
    if (first_spike_[n] < 0) continue;
    if (decider_ < 0) { decider_ = static_cast<int>(n); continue; }
    const auto d = static_cast<std::size_t>(decider_);
    if (first_spike_[n] < first_spike_[d] || (first_spike_[n] == first_spike_[d] && window_counts_[n] > window_counts_[d]))
      decider_ = static_cast<int>(n);
  }
  if (decider_ < 0 && peak_decides_) {
    // Nobody fired: the highest rise decides (ties: the lower index); no rise, no decision.
    float best = 0.0f;
    for (std::size_t n = 0; n < peak_v_.size(); ++n) {
      const float rise = peak_v_[n] - window_v0_[n];
      if (rise > best) {
        best = rise;
        decider_ = static_cast<int>(n);
      }
    }
    decided_silently_ = decider_ >= 0;
  }
  return decider_ < 0 ? -1 : assignments_[static_cast<std::size_t>(decider_)];
}

int Experiment::predict() {
  if (spec_.tagged_outputs) return decide_first_spike();
  std::fill(label_sum_.begin(), label_sum_.end(), 0.0);
  std::fill(label_neurons_.begin(), label_neurons_.end(), 0);
  for (std::size_t n = 0; n < assignments_.size(); ++n) {
    const int a = assignments_[n];
    if (a < 0) continue;
    label_sum_[static_cast<std::size_t>(a)] += window_counts_[n];
    ++label_neurons_[static_cast<std::size_t>(a)];
  }
  int best = -1;
  double best_mean = 0.0;  // no spike from an assigned neuron: no answer
  bool tie = false;
  for (std::size_t l = 0; l < label_sum_.size(); ++l) {
    if (label_neurons_[l] == 0) continue;
    const double mean = label_sum_[l] / label_neurons_[l];
    if (mean > best_mean) {
      best_mean = mean;
      best = static_cast<int>(l);
      tie = false;
    } else if (best >= 0 && mean == best_mean) {
      tie = true;
    }
  }
  return tie ? -1 : best;
}

void Experiment::step_pattern(std::int64_t s) {
  const std::int64_t window = s / window_steps_;
  if (window != current_window_) {
    close_window(current_window_);
    current_window_ = window;
    std::fill(fired_in_window_.begin(), fired_in_window_.end(), 0);
    std::fill(hit_this_onset_.begin(), hit_this_onset_.end(), 0);
    const auto& onsets = dynamic_cast<const PatternPopulation&>(net_.population(input_)).onsets();
    const std::int64_t window_start = window * window_steps_;
    window_is_pattern_ = false;
    window_pattern_ = -1;
    if (!onsets.empty() && onsets.back().step == window_start) {
      // A pattern window counts in the phase where it began (the first window may be one).
      if (window_start >= static_cast<std::int64_t>(std::llround(open_.start_ms / net_.dt()))) {
        window_is_pattern_ = true;
        window_pattern_ = onsets.back().pattern;
        ++tally_.occurrences[static_cast<std::size_t>(window_pattern_)];
      } else {
        window_pattern_ = -2;
      }
    }
  }
  for (const int n : net_.last_spikes(output_)) {
    const auto sn = static_cast<std::size_t>(n);
    if (window_is_pattern_) {
      if (hit_this_onset_[sn]) continue;
      hit_this_onset_[sn] = 1;
      const std::size_t cell = sn * static_cast<std::size_t>(patterns_) + static_cast<std::size_t>(window_pattern_);
      const auto latency = static_cast<float>(static_cast<double>(s - window * window_steps_) * net_.dt());
      ++tally_.hits[cell];
      tally_.latency_sum_ms[cell] += latency;
      latencies_[cell].push_back(latency);
    } else if (window_pattern_ != -2) {
      ++tally_.fa_spikes[sn];
      fired_in_window_[sn] = 1;
    }
  }
}

Experiment::Tally Experiment::open_tally() const {
  Tally t = tally_;
  // The window under way counts as far as it has run (classification: in the energy only, as
  // its answer is not known before it ends).
  if (current_window_ >= 0) {
    ++t.windows;
    if (!classification_ && !window_is_pattern_ && window_pattern_ != -2) {
      ++t.background_windows;
      for (std::size_t n = 0; n < fired_in_window_.size(); ++n) t.fa_windows[n] += fired_in_window_[n];
    }
  }
  std::uint64_t spikes = 0;
  for (int p = 0; p < net_.population_count(); ++p) spikes += net_.total_spikes(p);
  t.spikes = spikes - spikes_at_start_;
  t.synaptic_events = net_.synaptic_events() - events_at_start_;
  return t;
}

void Experiment::score(const Tally& t, const std::vector<std::vector<float>>* latencies, PhaseMetrics& m) const {
  m.patterns.clear();
  m.labels.clear();
  if (classification_) score_labels(t, m);
  else score_patterns(t, latencies, m);
  m.spikes = t.spikes;
  score_energy(t, m);
}

void Experiment::score_patterns(const Tally& t, const std::vector<std::vector<float>>* latencies, PhaseMetrics& m) const {
  for (int p = 0; p < patterns_; ++p) {
    PatternScore best;
    best.pattern = p;
    double best_score = -2.0;
    const auto occ = t.occurrences[static_cast<std::size_t>(p)];
    // The tally's own neuron count: a pooled score may span phases from before the output
    // population grew (a neuron counts nothing in the phases before it existed).
    const int outputs = static_cast<int>(t.fa_windows.size());
    for (int n = 0; n < outputs; ++n) {
      const auto sn = static_cast<std::size_t>(n);
      const std::size_t cell = sn * static_cast<std::size_t>(patterns_) + static_cast<std::size_t>(p);
      const double hit_rate = occ ? static_cast<double>(t.hits[cell]) / static_cast<double>(occ) : 0.0;
      const double fa_rate = t.background_windows ? static_cast<double>(t.fa_windows[sn]) / static_cast<double>(t.background_windows) : 0.0;
      if (hit_rate - fa_rate <= best_score) continue;
      best_score = hit_rate - fa_rate;
      best.best_neuron = n;
      best.occurrences = occ;
      best.hits = t.hits[cell];
      best.hit_rate = hit_rate;
      best.false_alarms = t.fa_spikes[sn];
      best.false_alarm_rate = fa_rate;
      best.mean_latency_ms = best.hits ? t.latency_sum_ms[cell] / static_cast<double>(best.hits) : 0.0;
      if (latencies) {
        best.latencies_ms = (*latencies)[cell];
        // The mean of the kept values, summed in the same order as before the tallies existed.
        best.mean_latency_ms = best.latencies_ms.empty() ? 0.0
                               : std::accumulate(best.latencies_ms.begin(), best.latencies_ms.end(), 0.0) / static_cast<double>(best.latencies_ms.size());
      }
    }
    best.success = best.hit_rate >= 0.98 && best.false_alarms == 0 && best.hits > 0 && best.mean_latency_ms < spec_.max_latency_ms;
    m.patterns.push_back(std::move(best));
  }
  double accuracy = 0.0;
  bool success = !m.patterns.empty();
  for (const auto& ps : m.patterns) {
    accuracy += ps.hit_rate * (1.0 - ps.false_alarm_rate);
    success = success && ps.success;
  }
  m.accuracy = m.patterns.empty() ? 0.0 : accuracy / static_cast<double>(m.patterns.size());
  m.success = success;
}

void Experiment::score_labels(const Tally& t, PhaseMetrics& m) const {
  std::vector<int> assigned(static_cast<std::size_t>(labels_), 0);
  for (const int a : assignments_)
    if (a >= 0) ++assigned[static_cast<std::size_t>(a)];
  m.windows = 0;
  m.correct = 0;
  for (int l = 0; l < labels_; ++l) {
    const auto sl = static_cast<std::size_t>(l);
    LabelScore ls;
    ls.label = l;
    ls.windows = sl < t.label_windows.size() ? t.label_windows[sl] : 0;
    ls.correct = sl < t.label_correct.size() ? t.label_correct[sl] : 0;
    ls.accuracy = ls.windows ? static_cast<double>(ls.correct) / static_cast<double>(ls.windows) : 0.0;
    ls.neurons = assigned[sl];
    m.windows += ls.windows;
    m.correct += ls.correct;
    m.labels.push_back(ls);
  }
  m.accuracy = m.windows ? static_cast<double>(m.correct) / static_cast<double>(m.windows) : 0.0;
  m.success = spec_.stop_accuracy > 0.0 && m.windows > 0 && m.accuracy >= spec_.stop_accuracy;
}

void Experiment::score_energy(const Tally& t, PhaseMetrics& m) const {
  m.synaptic_events = t.synaptic_events;
  const EnergyModel* energy = find_energy_model(spec_.energy_model);
  std::uint64_t synapses = 0;
  for (int j = 0; j < net_.projection_count(); ++j) synapses += net_.projection(j).synapse_count();
  const double evaluations = static_cast<double>(std::max<std::uint64_t>(t.windows, 1));
  if (energy) {
    m.snn_energy_j = static_cast<double>(m.synaptic_events) * energy->joules_per_sop;
    m.ann_energy_j = static_cast<double>(synapses) * evaluations * energy->joules_per_mac;
    m.energy_ratio = m.snn_energy_j > 0 ? m.ann_energy_j / m.snn_energy_j : 0.0;
  }
}

PhaseMetrics Experiment::current() const {
  PhaseMetrics m = open_;
  m.end_ms = net_.time_ms();
  score(open_tally(), &latencies_, m);
  return m;
}

PhaseMetrics Experiment::final_score() const {
  if (history_.empty()) return PhaseMetrics{};
  // The kind of phase that is scored: evaluations when there are any, else training.
  const ExperimentPhase kind = history_.back().phase;
  const double end = history_.back().end_ms;
  std::size_t first = history_.size() - 1;
  for (std::size_t k = first; k-- > 0;) {
    if (history_[k].phase != kind) continue;
    if (end - history_[k].start_ms > spec_.final_window_ms + 1e-6) break;
    first = k;
  }
  if (first == history_.size() - 1) return history_.back();
  Tally t;
  for (std::size_t k = first; k < history_.size(); ++k)
    if (history_[k].phase == kind) t.add(tallies_[k]);
  PhaseMetrics m;
  m.epoch = history_[first].epoch;
  m.phase = kind;
  m.start_ms = history_[first].start_ms;
  m.end_ms = end;
  score(t, nullptr, m);
  return m;
}

void Experiment::end_phase() {
  // Classification windows were scored at their last step; a window cut by the boundary is dropped.
  if (phase_ == ExperimentPhase::Test) {
    const PhaseMetrics m = current();
    test_.done = true;
    test_.end_ms = net_.time_ms();
    test_.accuracy = test_.images ? static_cast<double>(test_.correct) / static_cast<double>(test_.images) : 0.0;
    test_.per_label = m.labels;
    test_.latency_ms = test_latency_count_ ? test_latency_sum_ / static_cast<double>(test_latency_count_) : 0.0;
    test_.spikes = m.spikes;
    test_.synaptic_events = m.synaptic_events;
    test_.snn_energy_j = m.snn_energy_j;
    test_.ann_energy_j = m.ann_energy_j;
    test_.energy_ratio = m.energy_ratio;
    set_learning(true);
    net_.freeze_adaptation(output_, false);
    net_.apply_pending_commands();
    phase_ = ExperimentPhase::Done;
    return;
  }
  if (hold_assignments_) {
    update_assignments();  // the epoch's own responses, now complete
    hold_assignments_ = false;
  }
  history_.push_back(current());
  if (labelling_) {
    // The frozen pass is complete: its responses alone name each neuron's label. (The pass
    // itself was scored with the labels training left, as an evaluation.)
    labelling_ = false;
    update_assignments();
    tallies_.push_back(open_tally());
    phase_spike_totals_.emplace_back();
    for (int p = 0; p < net_.population_count(); ++p) phase_spike_totals_.back().push_back(net_.total_spikes(p));
    finish_schedule();
    return;
  }
  tallies_.push_back(open_tally());
  phase_spike_totals_.emplace_back();
  for (int p = 0; p < net_.population_count(); ++p) phase_spike_totals_.back().push_back(net_.total_spikes(p));
  if (!classification_) close_window(current_window_);
  const bool evaluated = phase_ == ExperimentPhase::Evaluation || spec_.evaluation_ms <= 0.0;
  const bool reached = evaluated && spec_.stop_accuracy > 0.0 && history_.back().accuracy >= spec_.stop_accuracy;
  if (phase_ == ExperimentPhase::Training && spec_.evaluation_ms > 0.0) {
    begin_phase(ExperimentPhase::Evaluation);
    return;
  }
  ++epoch_;
  if ((reached || epoch_ >= spec_.epochs) && classification_ && spec_.label_pass) {
    // Diehl & Cook 2015 (sec. 2.5) assign the labels after training, from one presentation of
    // the training set with learning off and the thresholds fixed: an evaluation phase of one
    // pass whose responses start from nothing.
    labelling_ = true;
    begin_phase(ExperimentPhase::Evaluation);
    open_.epoch = epoch_ - 1;  // it follows the last epoch's training, as an evaluation does
    std::fill(response_sum_.begin(), response_sum_.end(), 0);
    std::fill(trained_windows_.begin(), trained_windows_.end(), 0);
    return;
  }
  if (reached || epoch_ >= spec_.epochs) {
    finish_schedule();
    return;
  }
  begin_phase(ExperimentPhase::Training);
  submit_growth();
}

void Experiment::finish_schedule() {
  if (classification_ && test_images_) {
    begin_test();
    return;
  }
  net_.freeze_adaptation(output_, false);
  set_learning(true);
  net_.apply_pending_commands();  // no step follows to apply them
  phase_ = ExperimentPhase::Done;
}

}  // namespace neurosim
