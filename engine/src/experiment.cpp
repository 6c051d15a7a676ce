#include "neurosim/experiment.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "neurosim/energy.hpp"
#include "neurosim/pattern_source.hpp"

namespace neurosim {

Experiment::Experiment(Network& network) : net_(network), spec_(*network.spec().experiment) {
  input_ = network.spec().population_index(spec_.input);
  output_ = network.spec().population_index(spec_.output);
  const auto& source = dynamic_cast<const PatternPopulation&>(network.population(input_));
  patterns_ = static_cast<int>(source.param("patterns"));
  outputs_ = network.population(output_).size();
  window_steps_ = source.window_steps();
  begin_phase(ExperimentPhase::Training);
}

double Experiment::progress() const {
  if (done()) return 1.0;
  const double epoch_steps = (spec_.epoch_ms + spec_.evaluation_ms) / net_.dt();
  const double before = phase_ == ExperimentPhase::Evaluation ? spec_.epoch_ms / net_.dt() : 0.0;
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
  const double ms = phase == ExperimentPhase::Training ? spec_.epoch_ms : spec_.evaluation_ms;
  phase_steps_ = std::max<std::int64_t>(1, std::llround(ms / net_.dt()));
  phase_end_ = net_.step_index() + phase_steps_;
  set_learning(phase == ExperimentPhase::Training);
  open_ = PhaseMetrics{};
  open_.epoch = epoch_;
  open_.phase = phase;
  open_.start_ms = net_.time_ms();
  const auto& source = dynamic_cast<const PatternPopulation&>(net_.population(input_));
  onsets_seen_ = source.onsets().size();
  const auto cells = static_cast<std::size_t>(patterns_) * static_cast<std::size_t>(outputs_);
  occurrences_.assign(static_cast<std::size_t>(patterns_), 0);
  hits_.assign(cells, 0);
  latencies_.assign(cells, {});
  fa_windows_.assign(static_cast<std::size_t>(outputs_), 0);
  fa_spikes_.assign(static_cast<std::size_t>(outputs_), 0);
  fired_in_window_.assign(static_cast<std::size_t>(outputs_), 0);
  hit_this_onset_.assign(static_cast<std::size_t>(outputs_), 0);
  background_windows_ = windows_ = 0;
  current_window_ = -1;
  window_is_pattern_ = false;
  window_pattern_ = -1;
  std::uint64_t spikes = 0;
  for (int p = 0; p < net_.population_count(); ++p) spikes += net_.total_spikes(p);
  spikes_at_start_ = spikes;
  events_at_start_ = net_.synaptic_events();
}

void Experiment::close_window(std::int64_t window) {
  if (window < 0) return;
  ++windows_;
  if (window_is_pattern_ || window_pattern_ == -2) return;  // -2: a pattern that began in the last phase
  ++background_windows_;
  for (std::size_t n = 0; n < fired_in_window_.size(); ++n) fa_windows_[n] += fired_in_window_[n];
}

void Experiment::step() {
  if (done()) return;
  net_.step();
  const std::int64_t s = net_.step_index() - 1;
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
      if (onsets.size() > onsets_seen_ && window_start >= static_cast<std::int64_t>(std::llround(open_.start_ms / net_.dt()))) {
        window_is_pattern_ = true;
        window_pattern_ = onsets.back().pattern;
        ++occurrences_[static_cast<std::size_t>(window_pattern_)];
      } else {
        window_pattern_ = -2;
      }
    }
    onsets_seen_ = onsets.size();
  }
  for (const int n : net_.last_spikes(output_)) {
    const auto sn = static_cast<std::size_t>(n);
    if (window_is_pattern_) {
      if (hit_this_onset_[sn]) continue;
      hit_this_onset_[sn] = 1;
      const std::size_t cell = static_cast<std::size_t>(window_pattern_) * static_cast<std::size_t>(outputs_) + sn;
      ++hits_[cell];
      latencies_[cell].push_back(static_cast<float>(static_cast<double>(s - window * window_steps_) * net_.dt()));
    } else if (window_pattern_ != -2) {
      ++fa_spikes_[sn];
      fired_in_window_[sn] = 1;
    }
  }
  if (net_.step_index() >= phase_end_) end_phase();
}

PhaseMetrics Experiment::current() const {
  PhaseMetrics m = open_;
  m.end_ms = net_.time_ms();
  // The window under way counts as far as it has run.
  const std::uint64_t open_background = current_window_ >= 0 && !window_is_pattern_ && window_pattern_ != -2 ? 1 : 0;
  const std::uint64_t background = background_windows_ + open_background;
  for (int p = 0; p < patterns_; ++p) {
    PatternScore best;
    best.pattern = p;
    double best_score = -2.0;
    const auto occ = occurrences_[static_cast<std::size_t>(p)];
    for (int n = 0; n < outputs_; ++n) {
      const std::size_t cell = static_cast<std::size_t>(p) * static_cast<std::size_t>(outputs_) + static_cast<std::size_t>(n);
      const double hit_rate = occ ? static_cast<double>(hits_[cell]) / static_cast<double>(occ) : 0.0;
      const double fa_rate = background ? static_cast<double>(fa_windows_[static_cast<std::size_t>(n)] + open_background * fired_in_window_[static_cast<std::size_t>(n)]) / static_cast<double>(background) : 0.0;
      if (hit_rate - fa_rate <= best_score) continue;
      best_score = hit_rate - fa_rate;
      best.best_neuron = n;
      best.occurrences = occ;
      best.hits = hits_[cell];
      best.hit_rate = hit_rate;
      best.false_alarms = fa_spikes_[static_cast<std::size_t>(n)];
      best.false_alarm_rate = fa_rate;
      best.latencies_ms = latencies_[cell];
      best.mean_latency_ms = best.latencies_ms.empty() ? 0.0
                             : std::accumulate(best.latencies_ms.begin(), best.latencies_ms.end(), 0.0) / static_cast<double>(best.latencies_ms.size());
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
  std::uint64_t spikes = 0;
  for (int p = 0; p < net_.population_count(); ++p) spikes += net_.total_spikes(p);
  m.spikes = spikes - spikes_at_start_;
  m.synaptic_events = net_.synaptic_events() - events_at_start_;
  const EnergyModel* energy = find_energy_model(spec_.energy_model);
  std::uint64_t synapses = 0;
  for (int j = 0; j < net_.projection_count(); ++j) synapses += net_.projection(j).synapse_count();
  const double evaluations = static_cast<double>(std::max<std::uint64_t>(windows_ + (current_window_ >= 0 ? 1 : 0), 1));
  if (energy) {
    m.snn_energy_j = static_cast<double>(m.synaptic_events) * energy->joules_per_sop;
    m.ann_energy_j = static_cast<double>(synapses) * evaluations * energy->joules_per_mac;
    m.energy_ratio = m.snn_energy_j > 0 ? m.ann_energy_j / m.snn_energy_j : 0.0;
  }
  return m;
}

void Experiment::end_phase() {
  history_.push_back(current());
  close_window(current_window_);
  const bool evaluated = phase_ == ExperimentPhase::Evaluation || spec_.evaluation_ms <= 0.0;
  const bool reached = evaluated && spec_.stop_accuracy > 0.0 && history_.back().accuracy >= spec_.stop_accuracy;
  if (phase_ == ExperimentPhase::Training && spec_.evaluation_ms > 0.0) {
    begin_phase(ExperimentPhase::Evaluation);
    return;
  }
  ++epoch_;
  if (reached || epoch_ >= spec_.epochs) {
    set_learning(true);
    net_.apply_pending_commands();  // no step follows to apply them
    phase_ = ExperimentPhase::Done;
    return;
  }
  begin_phase(ExperimentPhase::Training);
}

}  // namespace neurosim
