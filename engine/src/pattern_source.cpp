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
    : SpikeSource(std::move(name), size, dt_ms), seed_(seed), stream_(stream), rng_(seed, stream) {
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
  // A new pattern structure needs new patterns, and the window generated ahead is redone with
  // them; rates, noise and jitter apply from the next window generated.
  if (structure_changed && !rate_.empty()) {
    build_patterns();
    carry_.clear();
    prepare_next();
    // Events of the current window beyond a shortened window are dropped.
    std::erase_if(window_, [this](const Event& e) { return e.step >= window_steps_; });
    sort_window();
  }
}

void PatternPopulation::reset_model_state() {
  rng_ = Rng(seed_, stream_);
  window_steps_ = std::max(1, static_cast<int>(std::lround(params_[pattern_ms] / dt_)));
  const auto n = static_cast<std::size_t>(size_);
  rate_.resize(n);
  speed_.resize(n);
  hazard_.resize(n);
  last_spike_.resize(n);
  const auto max_isi_steps = static_cast<double>(std::lround(params_[max_isi_ms] / dt_));
  for (std::size_t i = 0; i < n; ++i) {
    rate_[i] = rng_.uniform(params_[rate_min], params_[rate_max]);
    speed_[i] = rng_.uniform(-params_[max_speed], params_[max_speed]);
    hazard_[i] = rng_.exponential(1.0);
    // A virtual last spike up to max_isi_ms before the start (as the original), so that the
    // forced spikes of afferents silent from the start do not all fall at once.
    last_spike_[i] = -static_cast<std::int64_t>(rng_.uniform() * max_isi_steps);
  }
  build_patterns();
  onsets_.clear();
  window_.clear();
  next_.clear();
  carry_.clear();
  current_pattern_ = next_pattern_ = -1;
  window_start_ = -window_steps_;  // a virtual window before the first one
  prepare_next();
  advance();
}

void PatternPopulation::generate_background(std::vector<Event>& out, std::int64_t start) {
  // Millisecond by millisecond, every afferent at once: the rate walk and the hazard countdown
  // are whole-array updates; only afferents that spike (a few percent per millisecond) take
  // the scalar path.
  const double ms_steps = 1.0 / dt_;  // steps per millisecond (may be below 1 for coarse dt)
  const int ms_count = std::max(1, static_cast<int>(std::lround(window_steps_ * dt_)));
  const double lo = params_[rate_min], hi = params_[rate_max], vmax = params_[max_speed], kick = params_[max_accel];
  const auto max_isi_steps = static_cast<std::int64_t>(std::lround(params_[max_isi_ms] / dt_));
  const auto n = static_cast<std::size_t>(size_);
  kicks_.resize(n);
  double* __restrict rate = rate_.data();
  double* __restrict speed = speed_.data();
  double* __restrict hazard = hazard_.data();
  double* __restrict kicks = kicks_.data();
  std::int64_t* __restrict last = last_spike_.data();
  for (int m = 0; m < ms_count; ++m) {
    for (std::size_t i = 0; i < n; ++i) kicks[i] = rng_.uniform();
    for (std::size_t i = 0; i < n; ++i) {
      const double sp = std::clamp(speed[i] + (2.0 * kicks[i] - 1.0) * kick, -vmax, vmax);
      const double r = std::clamp(rate[i] + sp * 1e-3, lo, hi);
      speed[i] = sp;
      rate[i] = r;
      hazard[i] -= r * 1e-3;  // expected spikes in this millisecond
    }
    const int ms_end = std::clamp(static_cast<int>((m + 1) * ms_steps) - 1, 0, window_steps_ - 1);  // dt > 1 ms: 0
    const std::int64_t silent_since = start + ms_end - max_isi_steps;  // a last spike at or before this forces one
    for (std::size_t i = 0; i < n; ++i) {
      if (hazard[i] > 0.0 && last[i] > silent_since) continue;
      // Time rescaling: a spike whenever the integrated rate uses up an Exp(1) hazard.
      const double dose = rate[i] * 1e-3;
      double h = hazard[i] + dose;  // the hazard left at the start of this millisecond
      double used = 0.0;
      while (dose > 0.0 && h <= dose - used) {
        used += h;
        const int step = std::min(window_steps_ - 1, static_cast<int>((m + used / dose) * ms_steps));
        out.push_back({step, static_cast<std::int32_t>(i)});
        last[i] = start + step;
        h = rng_.exponential(1.0);
      }
      hazard[i] = h - (dose - used);
      if (last[i] <= silent_since) {
        out.push_back({ms_end, static_cast<std::int32_t>(i)});
        last[i] = start + ms_end;
      }
    }
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
  const auto max_isi_steps = static_cast<double>(std::lround(params_[max_isi_ms] / dt_));
  for (int p = 0; p < count; ++p) {
    for (int i = 0; i < size_; ++i) order[static_cast<std::size_t>(i)] = i;
    for (std::size_t k = 0; k < members; ++k) std::swap(order[k], order[k + rng_.below(static_cast<std::uint32_t>(order.size() - k))]);
    auto& m = members_[static_cast<std::size_t>(p)];
    m.assign(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(members));
    std::sort(m.begin(), m.end());
    for (const int i : m) is_member_[static_cast<std::size_t>(p)][static_cast<std::size_t>(i)] = 1;
    // A warm-up window first (from virtual last spikes, as at the start of a run), so that the
    // pattern is cut from running afferents rather than from a volley of forced spikes.
    for (auto& last : last_spike_) last = -static_cast<std::int64_t>(rng_.uniform() * max_isi_steps);
    scratch_.clear();
    generate_background(scratch_, 0);
    scratch_.clear();
    generate_background(scratch_, window_steps_);
    for (const auto& e : scratch_)
      if (is_member_[static_cast<std::size_t>(p)][static_cast<std::size_t>(e.neuron)]) frozen_[static_cast<std::size_t>(p)].push_back(e);
  }
  rate_ = saved_rate;
  speed_ = saved_speed;
  hazard_ = saved_hazard;
  last_spike_ = saved_last;
}

void PatternPopulation::prepare_next() {
  const std::int64_t start = window_start_ + window_steps_;
  next_.clear();
  generate_background(next_, start);
  // Pattern or not: probability q after a background window makes the share of pattern windows
  // q / (1 + q) = pattern_frequency, with no two in a row.
  const double f = params_[pattern_frequency];
  const bool pattern = !members_.empty() && current_pattern_ < 0 && f > 0 && rng_.uniform() < f / (1.0 - f);
  next_pattern_ = -1;
  spill_.clear();
  if (pattern) {
    const int p = static_cast<int>(rng_.below(static_cast<std::uint32_t>(members_.size())));
    next_pattern_ = p;
    const auto& member = is_member_[static_cast<std::size_t>(p)];
    std::erase_if(next_, [&](const Event& e) { return member[static_cast<std::size_t>(e.neuron)] != 0; });
    const double jitter_steps = params_[jitter_ms] / dt_;
    for (const auto& e : frozen_[static_cast<std::size_t>(p)]) {
      const int shifted = e.step + static_cast<int>(std::lround(rng_.normal() * jitter_steps));
      if (shifted < 0 && start > 0) {
        window_.push_back({std::max(0, shifted + window_steps_), e.neuron});  // into the current window (not played yet)
      } else if (shifted >= window_steps_) {
        spill_.push_back({std::min(shifted - window_steps_, window_steps_ - 1), e.neuron});
      } else {
        next_.push_back({std::max(0, shifted), e.neuron});  // at the very start of a run: clamped to 0
      }
    }
  }
  // Spikes of the current window's pattern jittered past its end.
  next_.insert(next_.end(), carry_.begin(), carry_.end());
  carry_.clear();
  carry_.swap(spill_);  // buffers are reused: no allocation once they have grown
  // Noise: the merged Poisson process of all afferents, each event on a random afferent.
  const double total_rate_per_step = params_[noise_rate] * size_ * dt_ * 1e-3;
  if (total_rate_per_step > 0) {
    for (double t = rng_.exponential(1.0 / total_rate_per_step); t < window_steps_; t += rng_.exponential(1.0 / total_rate_per_step))
      next_.push_back({static_cast<int>(t), static_cast<int>(rng_.below(static_cast<std::uint32_t>(size_)))});
  }
}

void PatternPopulation::sort_window() {
  // By step, then neuron: two stable counting passes (neuron, then step), O(events), where a
  // comparison sort of the few thousand events per window took a fifth of the run time.
  const auto pass = [this](auto key, std::size_t buckets) {
    counts_.assign(buckets + 1, 0);
    for (const Event& e : window_) ++counts_[static_cast<std::size_t>(key(e)) + 1];
    for (std::size_t b = 1; b <= buckets; ++b) counts_[b] += counts_[b - 1];
    scratch_.resize(window_.size());
    for (const Event& e : window_) scratch_[counts_[static_cast<std::size_t>(key(e))]++] = e;
    window_.swap(scratch_);
  };
  pass([](const Event& e) { return e.neuron; }, static_cast<std::size_t>(size_));
  pass([](const Event& e) { return e.step; }, static_cast<std::size_t>(window_steps_));
  cursor_ = 0;  // evolve() skips what lies in the past
}

void PatternPopulation::advance() {
  window_start_ += window_steps_;
  window_.swap(next_);
  current_pattern_ = next_pattern_;
  if (current_pattern_ >= 0) onsets_.push_back({window_start_, current_pattern_});
  prepare_next();  // may add spikes jittered before its onset to this window
  sort_window();
}

void PatternPopulation::evolve(std::int64_t step, std::vector<int>& spikes) {
  while (step >= window_start_ + window_steps_) advance();
  const auto local = static_cast<std::int32_t>(step - window_start_);
  while (cursor_ < window_.size() && window_[cursor_].step < local) ++cursor_;
  while (cursor_ < window_.size() && window_[cursor_].step == local) spikes.push_back(window_[cursor_++].neuron);
}

}  // namespace neurosim
