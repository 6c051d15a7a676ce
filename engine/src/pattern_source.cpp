#include "neurosim/pattern_source.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace neurosim {
namespace {

constexpr std::array<ParamDesc, PatternPopulation::kParamCount> kPatternParams{{
    {"rate_min", "Hz", "Lowest background rate of an afferent", 0.0, 50.0},
    {"rate_max", "Hz", "Highest background rate of an afferent", 1.0, 200.0},
    {"max_speed", "Hz/s", "Fastest change of an afferent's rate", 0.0, 5000.0},
    {"max_accel", "Hz/s", "Largest kick to the rate's speed per millisecond", 0.0, 2000.0},
    {"max_isi_ms", "ms", "An afferent silent this long fires (no rate cue for the pattern)", 1.0, 200.0},
    {"noise_rate", "Hz", "Extra Poisson noise on every afferent, patterns included", 0.0, 50.0},
    {"patterns", "", "Number of repeating patterns (0: none)", 0.0, 10.0},
    {"pattern_ms", "ms", "Length of a pattern (and of the windows it may occupy)", 5.0, 200.0},
    {"pattern_share", "", "Share of the afferents taking part in each pattern", 0.05, 1.0},
    {"pattern_frequency", "", "Share of the time filled by patterns (at most 0.5)", 0.0, 0.5},
    {"jitter_ms", "ms", "Standard deviation of the jitter of pattern spikes", 0.0, 10.0},
}};
constexpr std::array<double, PatternPopulation::kParamCount> kPatternDefaults{0.0, 90.0, 1800.0, 360.0, 50.0, 10.0, 1.0, 50.0, 0.5, 0.25, 1.0};
constexpr int kMaxPatterns = 100;

}  // namespace

PatternPopulation::PatternPopulation(std::string name, int size, double dt_ms, std::uint64_t seed, std::uint64_t stream)
    : Population(std::move(name), size, dt_ms), seed_(seed), stream_(stream), rng_(seed, stream) {
  init_params(kPatternDefaults);
  reset_model_state();
}

std::span<const ParamDesc> PatternPopulation::param_descs() const { return kPatternParams; }

std::vector<ParamError> PatternPopulation::validate(std::span<const double> p) const {
  auto errors = check_finite(kPatternParams, p);
  if (!errors.empty()) return errors;
  const auto add = [&](int i, std::optional<std::string> e) {
    if (e) errors.push_back({std::string(kPatternParams[static_cast<std::size_t>(i)].name), *e});
  };
  for (const int i : {rate_min, max_speed, max_accel, noise_rate, jitter_ms}) add(i, require_non_negative(p[static_cast<std::size_t>(i)]));
  add(max_isi_ms, require_positive(p[max_isi_ms]));
  if (!(p[rate_max] > p[rate_min]))
    errors.push_back({"rate_max", "must be above rate_min (got " + format_number(p[rate_max]) + " <= " + format_number(p[rate_min]) + ")"});
  if (p[patterns] < 0 || p[patterns] > kMaxPatterns || p[patterns] != std::floor(p[patterns]))
    errors.push_back({"patterns", "must be a whole number from 0 to " + std::to_string(kMaxPatterns) + " (got " + format_number(p[patterns]) + ")"});
  if (!(p[pattern_ms] >= dt_))
    errors.push_back({"pattern_ms", "must be at least one step, " + format_number(dt_) + " ms (got " + format_number(p[pattern_ms]) + ")"});
  if (!(p[pattern_share] > 0 && p[pattern_share] <= 1))
    errors.push_back({"pattern_share", "must be in (0, 1] (got " + format_number(p[pattern_share]) + ")"});
  if (!(p[pattern_frequency] >= 0 && p[pattern_frequency] <= 0.5))
    errors.push_back({"pattern_frequency", "must be between 0 and 0.5: patterns never fill two windows in a row (got " +
                                               format_number(p[pattern_frequency]) + ")"});
  return errors;
}

void PatternPopulation::update_derived() {
  const int steps = std::max(1, static_cast<int>(std::lround(params_[pattern_ms] / dt_)));
  const bool structure_changed = steps != window_steps_ || members_.size() != static_cast<std::size_t>(params_[patterns]) ||
                                 (!members_.empty() && members_[0].size() != static_cast<std::size_t>(std::lround(params_[pattern_share] * size_)));
  window_steps_ = steps;
  // A new pattern structure needs new patterns; rates, noise and jitter apply from the next window.
  if (structure_changed) build_patterns();
}

void PatternPopulation::reset_model_state() {
  rng_ = Rng(seed_, stream_);
  window_steps_ = std::max(1, static_cast<int>(std::lround(params_[pattern_ms] / dt_)));
  const auto n = static_cast<std::size_t>(size_);
  rate_.resize(n);
  speed_.assign(n, 0.0);
  hazard_.resize(n);
  last_spike_.assign(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    rate_[i] = rng_.uniform(params_[rate_min], params_[rate_max]);
    hazard_[i] = rng_.exponential(1.0);
  }
  build_patterns();
  onsets_.clear();
  previous_was_pattern_ = false;
  window_start_ = 0;
  fill_window();
}

void PatternPopulation::generate_background(std::vector<Event>& out) {
  const double ms_steps = 1.0 / dt_;  // steps per millisecond (may be below 1 for coarse dt)
  const int ms_count = std::max(1, static_cast<int>(std::lround(window_steps_ * dt_)));
  const double lo = params_[rate_min], hi = params_[rate_max], vmax = params_[max_speed], kick = params_[max_accel];
  const auto max_isi_steps = static_cast<std::int64_t>(std::lround(params_[max_isi_ms] / dt_));
  for (int i = 0; i < size_; ++i) {
    const auto si = static_cast<std::size_t>(i);
    double rate = rate_[si], speed = speed_[si], hazard = hazard_[si];
    std::int64_t last = last_spike_[si];
    for (int m = 0; m < ms_count; ++m) {
      speed = std::clamp(speed + rng_.uniform(-kick, kick), -vmax, vmax);
      rate = std::clamp(rate + speed * 1e-3, lo, hi);
      // Time rescaling: a spike whenever the integrated rate uses up an Exp(1) hazard.
      const double dose = rate * 1e-3;  // expected spikes in this millisecond
      double used = 0.0;
      while (dose > 0.0 && hazard <= dose - used) {
        used += hazard;
        const double frac = used / dose;
        const int step = std::min(window_steps_ - 1, static_cast<int>((m + frac) * ms_steps));
        out.push_back({step, i});
        last = window_start_ + step;
        hazard = rng_.exponential(1.0);
      }
      hazard -= dose - used;
      const int ms_end = std::min(window_steps_ - 1, static_cast<int>((m + 1) * ms_steps) - 1);
      if (window_start_ + ms_end - last >= max_isi_steps) {
        out.push_back({ms_end, i});
        last = window_start_ + ms_end;
      }
    }
    rate_[si] = rate;
    speed_[si] = speed;
    hazard_[si] = hazard;
    last_spike_[si] = last;
  }
}

void PatternPopulation::build_patterns() {
  const int count = static_cast<int>(params_[patterns]);
  const auto members = static_cast<std::size_t>(std::lround(params_[pattern_share] * size_));
  members_.assign(static_cast<std::size_t>(count), {});
  is_member_.assign(static_cast<std::size_t>(count), std::vector<char>(static_cast<std::size_t>(size_), 0));
  frozen_.assign(static_cast<std::size_t>(count), {});
  std::vector<int> order(static_cast<std::size_t>(size_));
  // Each pattern is a stretch of background activity, so it has the same statistics; the
  // background state is saved and restored so that building patterns does not shift it.
  const auto saved_rate = rate_, saved_speed = speed_, saved_hazard = hazard_;
  const auto saved_last = last_spike_;
  const auto saved_start = window_start_;
  for (int p = 0; p < count; ++p) {
    for (int i = 0; i < size_; ++i) order[static_cast<std::size_t>(i)] = i;
    for (std::size_t k = 0; k < members; ++k) std::swap(order[k], order[k + rng_.below(static_cast<std::uint32_t>(order.size() - k))]);
    auto& m = members_[static_cast<std::size_t>(p)];
    m.assign(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(members));
    std::sort(m.begin(), m.end());
    for (const int i : m) is_member_[static_cast<std::size_t>(p)][static_cast<std::size_t>(i)] = 1;
    // A warm-up window first, so that the pattern starts from running afferents rather than
    // from a volley of forced spikes.
    scratch_.clear();
    window_start_ = 0;
    std::fill(last_spike_.begin(), last_spike_.end(), 0);
    generate_background(scratch_);
    scratch_.clear();
    window_start_ = window_steps_;
    generate_background(scratch_);
    for (const auto& e : scratch_)
      if (is_member_[static_cast<std::size_t>(p)][static_cast<std::size_t>(e.neuron)]) frozen_[static_cast<std::size_t>(p)].push_back(e);
  }
  rate_ = saved_rate;
  speed_ = saved_speed;
  hazard_ = saved_hazard;
  last_spike_ = saved_last;
  window_start_ = saved_start;
}

void PatternPopulation::fill_window() {
  window_.clear();
  cursor_ = 0;
  generate_background(window_);
  // Pattern or not: probability q after a background window makes the share of pattern windows
  // q / (1 + q) = pattern_frequency, with no two in a row.
  const double f = params_[pattern_frequency];
  const bool pattern = !members_.empty() && !previous_was_pattern_ && f > 0 && rng_.uniform() < f / (1.0 - f);
  previous_was_pattern_ = pattern;
  if (pattern) {
    const int p = static_cast<int>(rng_.below(static_cast<std::uint32_t>(members_.size())));
    const auto& member = is_member_[static_cast<std::size_t>(p)];
    std::erase_if(window_, [&](const Event& e) { return member[static_cast<std::size_t>(e.neuron)] != 0; });
    const double jitter_steps = params_[jitter_ms] / dt_;
    for (const auto& e : frozen_[static_cast<std::size_t>(p)]) {
      const int shifted = e.step + static_cast<int>(std::lround(rng_.normal() * jitter_steps));
      window_.push_back({std::clamp(shifted, 0, window_steps_ - 1), e.neuron});
    }
    onsets_.push_back({window_start_, p});
  }
  // Noise: the merged Poisson process of all afferents, each event on a random afferent.
  const double total_rate_per_step = params_[noise_rate] * size_ * dt_ * 1e-3;
  if (total_rate_per_step > 0) {
    for (double t = rng_.exponential(1.0 / total_rate_per_step); t < window_steps_; t += rng_.exponential(1.0 / total_rate_per_step))
      window_.push_back({static_cast<int>(t), static_cast<int>(rng_.below(static_cast<std::uint32_t>(size_)))});
  }
  std::sort(window_.begin(), window_.end(), [](const Event& a, const Event& b) { return a.step != b.step ? a.step < b.step : a.neuron < b.neuron; });
  for (const auto& e : window_) last_spike_[static_cast<std::size_t>(e.neuron)] = std::max(last_spike_[static_cast<std::size_t>(e.neuron)], window_start_ + e.step);
}

void PatternPopulation::evolve(std::int64_t step, std::vector<int>& spikes) {
  while (step >= window_start_ + window_steps_) {
    window_start_ += window_steps_;
    fill_window();
  }
  const auto local = static_cast<std::int32_t>(step - window_start_);
  while (cursor_ < window_.size() && window_[cursor_].step < local) ++cursor_;
  while (cursor_ < window_.size() && window_[cursor_].step == local) spikes.push_back(window_[cursor_++].neuron);
}

}  // namespace neurosim
